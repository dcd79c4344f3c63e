package dev.qssm.circuit;

/** A named block of classical bits; {@code offset} is its first global clbit index. */
public record ClassicalRegister(String name, int size, int offset) {}
