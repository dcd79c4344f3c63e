package dev.qssm.qasm;

import java.util.HashSet;
import java.util.Set;

/** Identifiers OpenQASM reserves, shared by the importer (to reject them) and the exporter (to avoid them). */
final class Names {
  private Names() {}

  static final Set<String> KEYWORDS = Set.of(
      "OPENQASM", "include", "pragma", "gate", "qubit", "qreg", "bit", "creg", "input", "output", "const",
      "measure", "reset", "barrier", "ctrl", "negctrl", "inv", "pow", "gphase", "if", "else", "for", "while",
      "in", "switch", "case", "default", "break", "continue", "end", "return", "def", "extern", "cal",
      "defcal", "defcalgrammar", "delay", "box", "let", "stretch", "duration", "durationof", "int", "uint",
      "float", "angle", "bool", "complex", "array", "void", "readonly", "mutable", "true", "false", "im",
      "opaque", "sizeof", "dim", "popcount", "rotl", "rotr", "real", "imag");

  /** Keywords, constants and built-in functions: never usable as a declared name. */
  static final Set<String> RESERVED;

  static {
    var all = new HashSet<>(KEYWORDS);
    all.addAll(Evaluator.RESERVED);
    RESERVED = Set.copyOf(all);
  }

  static boolean isIdentifier(String s) {
    if (s.isEmpty() || !Lexer.isIdentStart(s.charAt(0))) {
      return false;
    }
    for (int i = 1; i < s.length(); i++) {
      if (!Lexer.isIdentPart(s.charAt(i))) {
        return false;
      }
    }
    return true;
  }
}
