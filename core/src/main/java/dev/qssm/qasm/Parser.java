package dev.qssm.qasm;

import dev.qssm.qasm.Ast.Barrier;
import dev.qssm.qasm.Ast.Bin;
import dev.qssm.qasm.Ast.BitDecl;
import dev.qssm.qasm.Ast.Expr;
import dev.qssm.qasm.Ast.Fn;
import dev.qssm.qasm.Ast.GateCall;
import dev.qssm.qasm.Ast.GateDef;
import dev.qssm.qasm.Ast.Include;
import dev.qssm.qasm.Ast.InputDecl;
import dev.qssm.qasm.Ast.Measure;
import dev.qssm.qasm.Ast.Modifier;
import dev.qssm.qasm.Ast.Name;
import dev.qssm.qasm.Ast.Neg;
import dev.qssm.qasm.Ast.Num;
import dev.qssm.qasm.Ast.Operand;
import dev.qssm.qasm.Ast.Paren;
import dev.qssm.qasm.Ast.QubitDecl;
import dev.qssm.qasm.Ast.Reset;
import dev.qssm.qasm.Ast.Stmt;
import dev.qssm.qasm.Token.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Recursive-descent parser for the OpenQASM 2/3 subset qssm reads. It only checks syntax (and
 * rejects constructs outside the subset by name); names and sizes are checked by the importer.
 */
final class Parser {
  /** Statements outside the subset, with why: reported at their keyword. */
  private static final Map<String, String> UNSUPPORTED = Map.ofEntries(
      Map.entry("else", "classical control flow ('else') is not supported: qssm reads straight-line circuits"),
      Map.entry("for", "loops ('for') are not supported: qssm reads straight-line circuits; unroll the loop"),
      Map.entry("while", "loops ('while') are not supported: qssm reads straight-line circuits"),
      Map.entry("switch", "'switch' is not supported: qssm reads straight-line circuits"),
      Map.entry("break", "'break' is not supported: qssm reads straight-line circuits"),
      Map.entry("continue", "'continue' is not supported: qssm reads straight-line circuits"),
      Map.entry("end", "'end' is not supported: qssm reads straight-line circuits"),
      Map.entry("return", "'return' is not supported: subroutines are not supported"),
      Map.entry("def", "subroutines ('def') are not supported; use a 'gate' definition"),
      Map.entry("extern", "'extern' functions are not supported"),
      Map.entry("cal", "pulse-level calibration ('cal') is not supported"),
      Map.entry("defcal", "pulse-level calibration ('defcal') is not supported"),
      Map.entry("defcalgrammar", "pulse-level calibration ('defcalgrammar') is not supported"),
      Map.entry("delay", "timing instructions ('delay') are not supported"),
      Map.entry("box", "timing blocks ('box') are not supported"),
      Map.entry("stretch", "timing ('stretch') is not supported"),
      Map.entry("duration", "timing ('duration') is not supported"),
      Map.entry("opaque", "opaque gates are not supported: qssm needs a gate's definition"),
      Map.entry("output", "'output' declarations are not supported; only 'input' parameters"),
      Map.entry("let", "aliases ('let') are not supported"),
      Map.entry("const", "'const' declarations are not supported; write the value in place"),
      Map.entry("int", "classical variables ('int') are not supported; parameters are 'input float[64] name;'"),
      Map.entry("uint", "classical variables ('uint') are not supported; parameters are 'input float[64] name;'"),
      Map.entry("float", "classical variables ('float') are not supported; parameters are 'input float[64] name;'"),
      Map.entry("angle", "classical variables ('angle') are not supported; parameters are 'input angle name;'"),
      Map.entry("bool", "classical variables ('bool') are not supported"),
      Map.entry("complex", "classical variables ('complex') are not supported"),
      Map.entry("array", "classical arrays are not supported"));

  private final Lexer lexer;
  private final String src;
  private int version = 3;
  private Token previous;

  Parser(String source) {
    this.lexer = new Lexer(source);
    this.src = source;
  }

  Ast.Program parse() {
    var statements = new ArrayList<Stmt>();
    var annotations = new ArrayList<Token>();
    skipPragmas(annotations);
    if (peek().isIdent("OPENQASM")) {
      version();
    }
    if (!annotations.isEmpty() && version == 2) {
      throw annotations.get(0).error("annotations are OpenQASM 3 only, and must follow the version line");
    }
    while (true) {
      skipPragmas(annotations);
      if (peek().is(Kind.EOF)) {
        if (!annotations.isEmpty()) {
          throw annotations.get(0).error("annotation '@" + annotations.get(0).text() + "' is not followed by a statement");
        }
        return new Ast.Program(version, statements);
      }
      Stmt s = statement(annotations);
      if (!(s instanceof InputDecl)) {
        for (var a : annotations) {
          if (a.text().startsWith("qssm.")) {
            throw a.error("annotation '@" + a.text() + "' belongs on an 'input' declaration");
          }
        }
      }
      statements.add(s);
      annotations.clear();
    }
  }

  private void skipPragmas(List<Token> annotations) {
    while (peek().is(Kind.PRAGMA) || peek().is(Kind.ANNOTATION)) {
      Token t = next();
      if (t.is(Kind.ANNOTATION)) {
        annotations.add(t);
      }
    }
  }

  private void version() {
    Token kw = next();
    Token v = next();
    if (!v.is(Kind.INT) && !v.is(Kind.FLOAT)) {
      throw v.error("expected a version number after 'OPENQASM', found " + v.describe());
    }
    String text = v.value();
    if (text.equals("2") || text.equals("2.0")) {
      version = 2;
    } else if (text.equals("3") || text.startsWith("3.")) {
      version = 3;
    } else {
      throw v.error("unsupported OpenQASM version '" + v.text() + "': qssm reads 2.0 and 3.x");
    }
    expectSemi(kw);
  }

  private Stmt statement(List<Token> annotations) {
    Token t = peek();
    if (t.is(Kind.IDENT)) {
      String word = t.text();
      String why = UNSUPPORTED.get(word);
      if (why != null) {
        throw t.error(why);
      }
      switch (word) {
        case "OPENQASM":
          throw t.error("the 'OPENQASM' version line must be the first statement");
        case "include":
          return include();
        case "qubit":
          requireV3(t, "'qubit' declarations");
          return qubitDecl();
        case "qreg":
          return qreg();
        case "bit":
          requireV3(t, "'bit' declarations");
          return bitDecl();
        case "creg":
          return creg();
        case "input":
          requireV3(t, "'input' declarations");
          return input(annotations);
        case "gate":
          return gateDef();
        case "measure":
          return measure();
        case "reset":
          return reset();
        case "barrier":
          return barrier();
        case "if":
          return ifStatement();
        default:
          break;
      }
      Token after = peek(1);
      if (after.is(Kind.ASSIGN) || after.is(Kind.LBRACKET)) {
        return assignment();
      }
      return gateCall();
    }
    throw t.error("expected a statement, found " + t.describe());
  }

  private Include include() {
    Token kw = next();
    Token file = next();
    if (!file.is(Kind.STRING)) {
      throw file.error("expected a file name in quotes after 'include', found " + file.describe());
    }
    expectSemi(kw);
    return new Include(kw, file);
  }

  private QubitDecl qubitDecl() {
    Token kw = next();
    Expr size = optionalSize();
    Token name = ident("a register name");
    expectSemi(kw);
    return new QubitDecl(kw, name, size);
  }

  /** The {@code [size]} of {@code qubit[n]}/{@code bit[n]}, or null for a single qubit or bit. */
  private Expr optionalSize() {
    if (!peek().is(Kind.LBRACKET)) {
      return null;
    }
    next();
    Expr size = expr();
    expect(Kind.RBRACKET, "']'");
    return size;
  }

  private QubitDecl qreg() {
    Token kw = next();
    Token name = ident("a register name");
    expect(Kind.LBRACKET, "'[' and the register size");
    Expr size = expr();
    expect(Kind.RBRACKET, "']'");
    expectSemi(kw);
    return new QubitDecl(kw, name, size);
  }

  private BitDecl bitDecl() {
    Token kw = next();
    Expr size = optionalSize();
    Token name = ident("a register name");
    Operand measured = null;
    if (peek().is(Kind.ASSIGN)) {
      next();
      Token m = next();
      if (!m.isIdent("measure")) {
        throw m.error("a bit can only be initialised by 'measure', found " + m.describe());
      }
      measured = operand();
    }
    expectSemi(kw);
    return new BitDecl(kw, name, size, measured);
  }

  private BitDecl creg() {
    Token kw = next();
    Token name = ident("a register name");
    expect(Kind.LBRACKET, "'[' and the register size");
    Expr size = expr();
    expect(Kind.RBRACKET, "']'");
    expectSemi(kw);
    return new BitDecl(kw, name, size, null);
  }

  private InputDecl input(List<Token> annotations) {
    Token kw = next();
    Token type = next();
    if (!type.isIdent("float") && !type.isIdent("angle")) {
      throw type.error("only 'input float' and 'input angle' parameters are supported, found " + type.describe());
    }
    if (peek().is(Kind.LBRACKET)) {
      next();
      Token width = next();
      if (!width.is(Kind.INT)) {
        throw width.error("expected the bit width of '" + type.text() + "', found " + width.describe());
      }
      expect(Kind.RBRACKET, "']'");
    }
    Token name = ident("a parameter name");
    expectSemi(kw);
    return new InputDecl(kw, name, List.copyOf(annotations));
  }

  private GateDef gateDef() {
    Token kw = next();
    Token name = ident("a gate name");
    var params = new ArrayList<Token>();
    if (peek().is(Kind.LPAREN)) {
      next();
      if (!peek().is(Kind.RPAREN)) {
        do {
          params.add(ident("a parameter name"));
        } while (accept(Kind.COMMA));
      }
      expect(Kind.RPAREN, "')'");
    }
    var qubits = new ArrayList<Token>();
    do {
      qubits.add(ident("a qubit argument name"));
    } while (accept(Kind.COMMA));
    expect(Kind.LBRACE, "'{' and the gate body");
    var body = new ArrayList<Stmt>();
    while (!peek().is(Kind.RBRACE)) {
      Token t = peek();
      if (t.is(Kind.EOF)) {
        throw t.error("gate '" + name.text() + "' body is not closed: expected '}'");
      }
      if (t.is(Kind.PRAGMA) || t.is(Kind.ANNOTATION)) {
        next();
        continue;
      }
      if (t.is(Kind.IDENT) && UNSUPPORTED.containsKey(t.text())) {
        throw t.error(UNSUPPORTED.get(t.text()));
      }
      if (t.isIdent("if")) {
        throw t.error("'if' is not allowed inside a gate body");
      }
      if (t.isIdent("barrier")) {
        body.add(barrier());
      } else if (t.is(Kind.IDENT) && !t.isIdent("measure") && !t.isIdent("reset") && !t.isIdent("gate")
          && !t.isIdent("qubit") && !t.isIdent("bit") && !t.isIdent("qreg") && !t.isIdent("creg")
          && !t.isIdent("input") && !t.isIdent("include")) {
        body.add(gateCall());
      } else {
        throw t.error("a gate body may only hold gate calls, 'gphase' and 'barrier', found " + t.describe()
            + " (is the '}' of gate '" + name.text() + "' missing?)");
      }
    }
    next();
    return new GateDef(kw, name, List.copyOf(params), List.copyOf(qubits), List.copyOf(body));
  }

  /** {@code if ([!] bit [== 0|1]) gatecall;}, the body optionally in braces. */
  private Ast.If ifStatement() {
    Token kw = next();
    expect(Kind.LPAREN, "'(' after 'if'");
    boolean value = true;
    if (peek().is(Kind.OTHER) && peek().text().equals("!")) {
      next();
      value = false;
    }
    Operand bit = operand();
    if (peek().is(Kind.OTHER) && peek().text().equals("==")) {
      next();
      Token v = next();
      if (!v.is(Kind.INT) || !(v.text().equals("0") || v.text().equals("1"))) {
        throw v.error("only a single classical bit compared with 0 or 1 is supported in 'if', found " + v.describe());
      }
      value = value == v.text().equals("1");
    } else if (!peek().is(Kind.RPAREN)) {
      throw peek().error("only 'if (c[i])', 'if (!c[i])' and 'if (c[i] == 0|1)' are supported, found "
          + peek().describe());
    }
    expect(Kind.RPAREN, "')' to close the condition of 'if'");
    boolean braces = accept(Kind.LBRACE);
    Token t = peek();
    if (!t.is(Kind.IDENT) || t.isIdent("measure") || t.isIdent("reset") || t.isIdent("barrier") || t.isIdent("if")
        || UNSUPPORTED.containsKey(t.text())) {
      throw t.error("the body of 'if' must be one gate call, found " + t.describe());
    }
    GateCall body = gateCall();
    if (braces) {
      expect(Kind.RBRACE, "'}' (the body of 'if' is one gate call)");
    }
    return new Ast.If(kw, bit, value, body);
  }

  private GateCall gateCall() {
    var modifiers = new ArrayList<Modifier>();
    while (peek().is(Kind.IDENT)) {
      Token t = peek();
      String w = t.text();
      if (w.equals("pow")) {
        throw t.error("the 'pow @' modifier is not supported (only ctrl, negctrl and inv)");
      }
      if (!w.equals("ctrl") && !w.equals("negctrl") && !w.equals("inv")) {
        break;
      }
      requireV3(t, "gate modifiers ('" + w + " @')");
      next();
      Expr count = null;
      if (peek().is(Kind.LPAREN)) {
        if (w.equals("inv")) {
          throw peek().error("'inv' takes no argument");
        }
        next();
        count = expr();
        expect(Kind.RPAREN, "')'");
      }
      expect(Kind.AT, "'@' after '" + w + "'");
      modifiers.add(new Modifier(t, count));
    }
    Token name = ident("a gate name");
    if (name.text().equals("gphase")) {
      requireV3(name, "'gphase'");
    }
    var args = new ArrayList<Expr>();
    if (peek().is(Kind.LPAREN)) {
      next();
      if (!peek().is(Kind.RPAREN)) {
        do {
          args.add(expr());
        } while (accept(Kind.COMMA));
      }
      expect(Kind.RPAREN, "')' to close the argument list of '" + name.text() + "'");
    }
    var operands = new ArrayList<Operand>();
    if (!peek().is(Kind.SEMI)) {
      do {
        operands.add(operand());
      } while (accept(Kind.COMMA));
    }
    expectSemi(name);
    return new GateCall(List.copyOf(modifiers), name, List.copyOf(args), List.copyOf(operands));
  }

  private Measure measure() {
    Token kw = next();
    Operand q = operand();
    Operand target = null;
    if (accept(Kind.ARROW)) {
      target = operand();
    } else {
      requireV3(kw, "'measure' without '-> target'");
    }
    expectSemi(kw);
    return new Measure(kw, q, target);
  }

  private Measure assignment() {
    Operand target = operand();
    if (!peek().is(Kind.ASSIGN)) {
      Token t = peek();
      throw t.error("expected '= measure ...' after '" + src.substring(target.name().start(), previous.end())
          + "', found " + t.describe());
    }
    requireV3(peek(), "'c = measure q' assignments");
    next();
    Token m = next();
    if (!m.isIdent("measure")) {
      throw m.error("only 'c = measure q;' assignments are supported, found " + m.describe() + " after '='");
    }
    Operand q = operand();
    expectSemi(m);
    return new Measure(m, q, target);
  }

  private Reset reset() {
    Token kw = next();
    var operands = new ArrayList<Operand>();
    do {
      operands.add(operand());
    } while (accept(Kind.COMMA));
    expectSemi(kw);
    return new Reset(kw, List.copyOf(operands));
  }

  private Barrier barrier() {
    Token kw = next();
    var operands = new ArrayList<Operand>();
    if (!peek().is(Kind.SEMI)) {
      do {
        operands.add(operand());
      } while (accept(Kind.COMMA));
    }
    expectSemi(kw);
    return new Barrier(kw, List.copyOf(operands));
  }

  private Operand operand() {
    Token t = next();
    if (t.is(Kind.HWQUBIT)) {
      return new Operand(t, null);
    }
    if (t.is(Kind.RPAREN) || t.is(Kind.RBRACKET)) {
      throw t.error("unexpected " + t.describe() + " (unbalanced brackets?)");
    }
    if (!t.is(Kind.IDENT)) {
      throw t.error("expected a qubit or bit (like q or q[0]), found " + t.describe());
    }
    if (!peek().is(Kind.LBRACKET)) {
      return new Operand(t, null);
    }
    next();
    if (peek().is(Kind.LBRACE)) {
      throw peek().error("index sets like q[{0, 1}] are not supported; index one qubit at a time");
    }
    Expr index = expr();
    if (peek().is(Kind.COLON)) {
      throw peek().error("register slices like q[0:2] are not supported; index one qubit at a time");
    }
    if (peek().is(Kind.COMMA)) {
      throw peek().error("multi-dimensional indices are not supported");
    }
    expect(Kind.RBRACKET, "']'");
    return new Operand(t, index);
  }

  // ---- expressions: additive < multiplicative < unary < power ----

  Expr expr() {
    Expr left = term();
    while (peek().is(Kind.PLUS) || peek().is(Kind.MINUS)) {
      Token op = next();
      left = new Bin(op, left, term());
    }
    return left;
  }

  private Expr term() {
    Expr left = unary();
    while (peek().is(Kind.STAR) || peek().is(Kind.SLASH)) {
      Token op = next();
      left = new Bin(op, left, unary());
    }
    return left;
  }

  private Expr unary() {
    if (peek().is(Kind.MINUS)) {
      Token op = next();
      return new Neg(op, unary());
    }
    if (peek().is(Kind.PLUS)) {
      next();
      return unary();
    }
    return power();
  }

  private Expr power() {
    Expr base = primary();
    Token t = peek();
    if (t.is(Kind.CARET) && version == 3) {
      throw t.error("'^' is bitwise xor in OpenQASM 3; write '**' for a power");
    }
    if (t.is(Kind.POWER) || t.is(Kind.CARET)) {
      Token op = next();
      return new Bin(op, base, unary());
    }
    return base;
  }

  private Expr primary() {
    Token t = next();
    switch (t.kind()) {
      case INT:
      case FLOAT:
        return new Num(t, Double.parseDouble(t.value()));
      case LPAREN: {
        Expr inner = expr();
        Token close = expect(Kind.RPAREN, "')' to match the '(' at " + t.line() + ":" + t.col());
        return new Paren(t, inner, close.end());
      }
      case IDENT:
        if (peek().is(Kind.LPAREN)) {
          next();
          var args = new ArrayList<Expr>();
          if (!peek().is(Kind.RPAREN)) {
            do {
              args.add(expr());
            } while (accept(Kind.COMMA));
          }
          Token close = expect(Kind.RPAREN, "')' to close the call of '" + t.text() + "'");
          return new Fn(t, List.copyOf(args), close.end());
        }
        return new Name(t);
      default:
        throw t.error("expected a number, a name or '(' in an expression, found " + t.describe());
    }
  }

  // ---- helpers ----

  private Token peek() {
    return lexer.peek(0);
  }

  private Token peek(int k) {
    return lexer.peek(k);
  }

  private Token next() {
    previous = lexer.next();
    return previous;
  }

  private boolean accept(Kind k) {
    if (peek().is(k)) {
      next();
      return true;
    }
    return false;
  }

  private Token expect(Kind k, String what) {
    Token t = peek();
    if (!t.is(k)) {
      throw t.error("expected " + what + ", found " + t.describe());
    }
    return next();
  }

  private Token ident(String what) {
    Token t = peek();
    if (!t.is(Kind.IDENT)) {
      throw t.error("expected " + what + ", found " + t.describe());
    }
    return next();
  }

  /**
   * A missing ';' is reported right after the previous token (like javac), since the token that
   * follows is usually the next, correct statement on the next line.
   */
  private void expectSemi(Token statementStart) {
    Token t = peek();
    if (t.is(Kind.SEMI)) {
      next();
      return;
    }
    if (t.is(Kind.RPAREN) || t.is(Kind.RBRACKET) || t.is(Kind.RBRACE)) {
      throw t.error("unexpected " + t.describe() + " (unbalanced brackets?)");
    }
    int[] at = endOf(previous);
    throw new QasmException(at[0], at[1], "missing ';' after '"
        + src.substring(statementStart.start(), previous.end()).replaceAll("\\s+", " ") + "' (found "
        + t.describe() + " at " + t.line() + ":" + t.col() + ")");
  }

  /** Line and column just after token t. */
  private int[] endOf(Token t) {
    int line = t.line(), col = t.col();
    for (int i = t.start(); i < t.end(); i++) {
      if (src.charAt(i) == '\n') {
        line++;
        col = 1;
      } else {
        col++;
      }
    }
    return new int[] {line, col};
  }

  private void requireV3(Token t, String what) {
    if (version == 2) {
      throw t.error(what + ": OpenQASM 3 only, but the program declares OPENQASM 2.0");
    }
  }
}
