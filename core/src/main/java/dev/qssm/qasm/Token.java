package dev.qssm.qasm;

/**
 * One lexical token. {@code start}/{@code end} are character offsets into the source (for quoting
 * expressions in messages); {@code value} is the unquoted text of a string, the content of an
 * annotation or pragma, and null otherwise.
 */
record Token(Kind kind, String text, String value, int line, int col, int start, int end) {

  enum Kind {
    IDENT,
    INT,
    FLOAT,
    STRING,
    /** {@code $3}: a physical qubit. */
    HWQUBIT,
    /** {@code @keyword rest-of-line}; text is the keyword, value the rest of the line. */
    ANNOTATION,
    /** {@code pragma rest-of-line}; value is the rest of the line. */
    PRAGMA,
    LPAREN,
    RPAREN,
    LBRACKET,
    RBRACKET,
    LBRACE,
    RBRACE,
    COMMA,
    SEMI,
    COLON,
    AT,
    ARROW,
    ASSIGN,
    PLUS,
    MINUS,
    STAR,
    SLASH,
    POWER,
    CARET,
    /** Any other operator or character; the parser reports it where it is not expected. */
    OTHER,
    EOF
  }

  boolean is(Kind k) {
    return kind == k;
  }

  boolean isIdent(String name) {
    return kind == Kind.IDENT && text.equals(name);
  }

  /** How the token reads in an error message. */
  String describe() {
    return kind == Kind.EOF ? "end of input" : "'" + text + "'";
  }

  QasmException error(String message) {
    return new QasmException(line, col, message);
  }
}
