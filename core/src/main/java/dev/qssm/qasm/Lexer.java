package dev.qssm.qasm;

import dev.qssm.qasm.Token.Kind;
import java.util.ArrayList;
import java.util.List;

/**
 * Hand-written OpenQASM 2/3 tokenizer. Lazy: the parser pulls tokens as it goes, so an unsupported
 * statement is reported as such before whatever odd syntax follows it is ever lexed.
 */
final class Lexer {
  private final String src;
  private final List<Token> lookahead = new ArrayList<>();
  private int pos;
  private int line = 1;
  private int col = 1;
  private Kind last; // kind of the last token produced, to spot the start of a statement

  Lexer(String src) {
    this.src = src;
  }

  String source() {
    return src;
  }

  /** The k-th token ahead (0 = the next one), without consuming it. */
  Token peek(int k) {
    while (lookahead.size() <= k) {
      lookahead.add(scan());
    }
    return lookahead.get(k);
  }

  Token next() {
    peek(0);
    return lookahead.remove(0);
  }

  private Token scan() {
    skipSpaceAndComments();
    int sl = line, sc = col, start = pos;
    if (pos >= src.length()) {
      return emit(Kind.EOF, "", null, sl, sc, start);
    }
    char c = src.charAt(pos);
    boolean statementStart =
        last == null || last == Kind.SEMI || last == Kind.LBRACE || last == Kind.RBRACE
            || last == Kind.ANNOTATION || last == Kind.PRAGMA;
    if (c == '@' && statementStart && pos + 1 < src.length() && isIdentStart(src.charAt(pos + 1))) {
      advance();
      readIdent();
      while (pos + 1 < src.length() && src.charAt(pos) == '.' && isIdentStart(src.charAt(pos + 1))) {
        advance();
        readIdent();
      }
      String keyword = src.substring(start + 1, pos);
      return emit(Kind.ANNOTATION, keyword, restOfLine(), sl, sc, start);
    }
    if (c == '#' && src.startsWith("#pragma", pos)) {
      advanceBy("#pragma".length());
      return emit(Kind.PRAGMA, "#pragma", restOfLine(), sl, sc, start);
    }
    if (isIdentStart(c)) {
      readIdent();
      String text = src.substring(start, pos);
      if (text.equals("pragma") && statementStart) {
        return emit(Kind.PRAGMA, text, restOfLine(), sl, sc, start);
      }
      return emit(Kind.IDENT, text, null, sl, sc, start);
    }
    if (isDigit(c) || (c == '.' && pos + 1 < src.length() && isDigit(src.charAt(pos + 1)))) {
      return number(sl, sc, start);
    }
    if (c == '$' && pos + 1 < src.length() && isDigit(src.charAt(pos + 1))) {
      advance();
      while (pos < src.length() && isDigit(src.charAt(pos))) {
        advance();
      }
      return emit(Kind.HWQUBIT, src.substring(start, pos), null, sl, sc, start);
    }
    if (c == '"' || c == '\'') {
      advance();
      while (pos < src.length() && src.charAt(pos) != c && src.charAt(pos) != '\n') {
        advance();
      }
      if (pos >= src.length() || src.charAt(pos) != c) {
        throw new QasmException(sl, sc, "unterminated string: the closing " + c + " is missing on this line");
      }
      advance();
      return emit(Kind.STRING, src.substring(start, pos), src.substring(start + 1, pos - 1), sl, sc, start);
    }
    advance();
    char d = pos < src.length() ? src.charAt(pos) : '\0';
    switch (c) {
      case '(': return emit(Kind.LPAREN, "(", null, sl, sc, start);
      case ')': return emit(Kind.RPAREN, ")", null, sl, sc, start);
      case '[': return emit(Kind.LBRACKET, "[", null, sl, sc, start);
      case ']': return emit(Kind.RBRACKET, "]", null, sl, sc, start);
      case '{': return emit(Kind.LBRACE, "{", null, sl, sc, start);
      case '}': return emit(Kind.RBRACE, "}", null, sl, sc, start);
      case ',': return emit(Kind.COMMA, ",", null, sl, sc, start);
      case ';': return emit(Kind.SEMI, ";", null, sl, sc, start);
      case ':': return emit(Kind.COLON, ":", null, sl, sc, start);
      case '@': return emit(Kind.AT, "@", null, sl, sc, start);
      case '+': return emit(Kind.PLUS, "+", null, sl, sc, start);
      case '/': return emit(Kind.SLASH, "/", null, sl, sc, start);
      case '^': return emit(Kind.CARET, "^", null, sl, sc, start);
      case '-':
        if (d == '>') {
          advance();
          return emit(Kind.ARROW, "->", null, sl, sc, start);
        }
        return emit(Kind.MINUS, "-", null, sl, sc, start);
      case '*':
        if (d == '*') {
          advance();
          return emit(Kind.POWER, "**", null, sl, sc, start);
        }
        return emit(Kind.STAR, "*", null, sl, sc, start);
      case '=':
        if (d == '=') {
          advance();
          return emit(Kind.OTHER, "==", null, sl, sc, start);
        }
        return emit(Kind.ASSIGN, "=", null, sl, sc, start);
      default:
        // operators qssm does not read ('<', '!=', '&&', ...) and stray characters
        while (pos < src.length() && "=<>&|!~%".indexOf(src.charAt(pos)) >= 0 && "=<>&|!~%".indexOf(c) >= 0) {
          advance();
        }
        return emit(Kind.OTHER, src.substring(start, pos), null, sl, sc, start);
    }
  }

  private Token number(int sl, int sc, int start) {
    char c = src.charAt(pos);
    if (c == '0' && pos + 2 < src.length() && "xXoObB".indexOf(src.charAt(pos + 1)) >= 0) {
      char r = Character.toLowerCase(src.charAt(pos + 1));
      int radix = r == 'x' ? 16 : r == 'o' ? 8 : 2;
      advanceBy(2);
      int digits = pos;
      while (pos < src.length() && (Character.digit(src.charAt(pos), radix) >= 0 || src.charAt(pos) == '_')) {
        advance();
      }
      String body = src.substring(digits, pos).replace("_", "");
      if (body.isEmpty()) {
        throw new QasmException(sl, sc, "integer literal '" + src.substring(start, pos) + "' has no digits");
      }
      long v;
      try {
        v = Long.parseLong(body, radix);
      } catch (NumberFormatException e) {
        throw new QasmException(sl, sc, "integer literal '" + src.substring(start, pos) + "' is too large");
      }
      return emit(Kind.INT, src.substring(start, pos), Long.toString(v), sl, sc, start);
    }
    boolean isFloat = false;
    digits();
    if (pos < src.length() && src.charAt(pos) == '.') {
      isFloat = true;
      advance();
      digits();
    }
    if (pos < src.length() && (src.charAt(pos) == 'e' || src.charAt(pos) == 'E')) {
      int save = pos;
      int p = pos + 1;
      if (p < src.length() && (src.charAt(p) == '+' || src.charAt(p) == '-')) {
        p++;
      }
      if (p < src.length() && isDigit(src.charAt(p))) {
        isFloat = true;
        advanceBy(p - save);
        digits();
      }
    }
    String text = src.substring(start, pos);
    return emit(isFloat ? Kind.FLOAT : Kind.INT, text, text.replace("_", ""), sl, sc, start);
  }

  private void digits() {
    while (pos < src.length() && (isDigit(src.charAt(pos)) || src.charAt(pos) == '_')) {
      advance();
    }
  }

  private void readIdent() {
    advance();
    while (pos < src.length() && isIdentPart(src.charAt(pos))) {
      advance();
    }
  }

  /** The rest of the current line, trimmed and without a trailing // comment. */
  private String restOfLine() {
    int s = pos;
    while (pos < src.length() && src.charAt(pos) != '\n') {
      advance();
    }
    String rest = src.substring(s, pos);
    int comment = rest.indexOf("//");
    return (comment >= 0 ? rest.substring(0, comment) : rest).trim();
  }

  private void skipSpaceAndComments() {
    while (pos < src.length()) {
      char c = src.charAt(pos);
      if (Character.isWhitespace(c) || c == '\uFEFF') {
        advance();
      } else if (src.startsWith("//", pos)) {
        while (pos < src.length() && src.charAt(pos) != '\n') {
          advance();
        }
      } else if (src.startsWith("/*", pos)) {
        int sl = line, sc = col;
        int close = src.indexOf("*/", pos + 2);
        if (close < 0) {
          throw new QasmException(sl, sc, "unterminated comment: '/*' has no closing '*/'");
        }
        advanceBy(close + 2 - pos);
      } else {
        return;
      }
    }
  }

  private Token emit(Kind kind, String text, String value, int l, int c, int start) {
    last = kind;
    return new Token(kind, text, value, l, c, start, pos);
  }

  private void advance() {
    if (src.charAt(pos) == '\n') {
      line++;
      col = 1;
    } else {
      col++;
    }
    pos++;
  }

  private void advanceBy(int n) {
    for (int i = 0; i < n; i++) {
      advance();
    }
  }

  static boolean isIdentStart(char c) {
    return c == '_' || Character.isLetter(c);
  }

  static boolean isIdentPart(char c) {
    return c == '_' || Character.isLetterOrDigit(c);
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }
}
