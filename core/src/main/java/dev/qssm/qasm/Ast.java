package dev.qssm.qasm;

import java.util.List;

/** The syntax tree of the OpenQASM subset qssm reads. Tokens are kept for error positions. */
final class Ast {
  private Ast() {}

  record Program(int version, List<Stmt> statements) {}

  // ---- expressions ----

  /** An expression; {@link #anchor()} is the token an error about it points at. */
  sealed interface Expr permits Num, Name, Neg, Bin, Fn, Paren {
    Token anchor();

    int start();

    int end();
  }

  record Num(Token token, double value) implements Expr {
    public Token anchor() { return token; }
    public int start() { return token.start(); }
    public int end() { return token.end(); }
  }

  record Name(Token token) implements Expr {
    public Token anchor() { return token; }
    public int start() { return token.start(); }
    public int end() { return token.end(); }
  }

  /** Unary minus (unary plus is dropped by the parser). */
  record Neg(Token op, Expr operand) implements Expr {
    public Token anchor() { return op; }
    public int start() { return op.start(); }
    public int end() { return operand.end(); }
  }

  /** {@code + - * / **}; op.kind() tells which. */
  record Bin(Token op, Expr left, Expr right) implements Expr {
    public Token anchor() { return op; }
    public int start() { return left.start(); }
    public int end() { return right.end(); }
  }

  /** A built-in function call such as {@code sin(x)}. */
  record Fn(Token name, List<Expr> args, int end) implements Expr {
    public Token anchor() { return name; }
    public int start() { return name.start(); }
  }

  record Paren(Token open, Expr inner, int end) implements Expr {
    public Token anchor() { return inner.anchor(); }
    public int start() { return open.start(); }
  }

  // ---- operands ----

  /** {@code q}, {@code q[expr]} or {@code $3}. */
  record Operand(Token name, Expr index) {}

  /** {@code ctrl}/{@code negctrl}/{@code inv} with its optional count. */
  record Modifier(Token keyword, Expr count) {
    boolean isControl() {
      return keyword.text().equals("ctrl") || keyword.text().equals("negctrl");
    }
  }

  // ---- statements ----

  sealed interface Stmt permits Include, QubitDecl, BitDecl, InputDecl, GateDef, GateCall, Measure, Reset, Barrier, If {
    Token first();
  }

  record Include(Token keyword, Token file) implements Stmt {
    public Token first() { return keyword; }
  }

  /** {@code qubit[n] q;}, {@code qubit q;} (size null) or {@code qreg q[n];}. */
  record QubitDecl(Token keyword, Token name, Expr size) implements Stmt {
    public Token first() { return keyword; }
  }

  /** {@code bit[n] c;}, {@code bit c;}, {@code creg c[n];}, optionally {@code = measure q}. */
  record BitDecl(Token keyword, Token name, Expr size, Operand measured) implements Stmt {
    public Token first() { return keyword; }
  }

  /** {@code input float[64] name;} with the annotations written before it. */
  record InputDecl(Token keyword, Token name, List<Token> annotations) implements Stmt {
    public Token first() { return keyword; }
  }

  record GateDef(Token keyword, Token name, List<Token> params, List<Token> qubits, List<Stmt> body)
      implements Stmt {
    public Token first() { return keyword; }
  }

  /** A gate call (also {@code gphase}); args is empty when there are no parentheses. */
  record GateCall(List<Modifier> modifiers, Token name, List<Expr> args, List<Operand> operands)
      implements Stmt {
    public Token first() { return modifiers.isEmpty() ? name : modifiers.get(0).keyword(); }
  }

  /** {@code measure q -> c;}, {@code c = measure q;} or {@code measure q;} (target null). */
  record Measure(Token keyword, Operand qubit, Operand target) implements Stmt {
    public Token first() { return keyword; }
  }

  record Reset(Token keyword, List<Operand> operands) implements Stmt {
    public Token first() { return keyword; }
  }

  /** {@code barrier;} (empty operands: every qubit) or {@code barrier q, r[0];}. */
  record Barrier(Token keyword, List<Operand> operands) implements Stmt {
    public Token first() { return keyword; }
  }

  /** {@code if (c[i]) gate ...;}, {@code if (c[i] == 0) ...}, {@code if (!c[i]) ...}: one classical bit, one gate call. */
  record If(Token keyword, Operand bit, boolean value, GateCall body) implements Stmt {
    public Token first() { return keyword; }
  }
}
