package dev.qssm.simulator.statevector;

/**
 * One weighted branch of a row's final state: {@code outcomes[m]} is the result of measurement m
 * when it was taken mid-circuit (else unused). A circuit without mid-circuit operations has one
 * branch of weight 1.
 */
record Branch(double weight, View view, boolean[] outcomes) {}
