package dev.qssm.circuit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Renders a circuit as text, one wire per qubit (q0 on top), behind {@link Circuit#draw}.
 *
 * <p>Instructions are packed into columns greedily: each goes into the first column after the last
 * one that holds anything on a qubit between its lowest and highest qubit, so a vertical line
 * never crosses another instruction. Between two wires there is one line for those vertical lines.
 */
final class TextDiagram {
  private static final char WIRE = '─';
  private static final char VERTICAL = '│';
  private static final char CROSSING = '┼';
  private static final double PI = Math.PI;

  private final Circuit circuit;
  private final int n;

  private TextDiagram(Circuit circuit) {
    this.circuit = circuit;
    this.n = circuit.numQubits();
  }

  static String draw(Circuit circuit, int width) {
    return new TextDiagram(circuit).render(width);
  }

  /** What one instruction puts into its column: text per wire (null = untouched) and per gap. */
  private static final class Cell {
    final String[] wires;
    final String[] gaps; // gaps[i] is between wire i and wire i+1
    final int lo;
    final int hi;

    Cell(int n, int lo, int hi) {
      this.wires = new String[n];
      this.gaps = new String[Math.max(0, n - 1)];
      this.lo = lo;
      this.hi = hi;
    }
  }

  private String render(int width) {
    var columns = columns();
    var widths = new int[columns.size()];
    for (int c = 0; c < columns.size(); c++) {
      widths[c] = columnWidth(columns.get(c));
    }
    var prefix = prefixWidth();
    var out = new StringBuilder();
    int start = 0;
    do {
      int end = foldEnd(widths, start, width - prefix);
      if (start > 0) {
        out.append('\n');
      }
      appendFold(out, columns, widths, start, end, prefix);
      start = end;
    } while (start < columns.size());
    return out.toString();
  }

  // Columns [start, end) fit in `room` characters, with a '«' before a continued fold and a '»'
  // after one that continues; always at least one column.
  private static int foldEnd(int[] widths, int start, int room) {
    int used = start > 0 ? 1 : 0;
    int end = start;
    while (end < widths.length) {
      boolean last = end == widths.length - 1;
      if (end > start && used + widths[end] + (last ? 0 : 1) > room) {
        break;
      }
      used += widths[end];
      end++;
    }
    return end;
  }

  private void appendFold(StringBuilder out, List<List<Cell>> columns, int[] widths, int start, int end, int prefix) {
    for (int line = 0; line < 2 * n - 1; line++) {
      var sb = new StringBuilder();
      boolean wire = line % 2 == 0;
      int q = line / 2;
      sb.append(pad(wire ? "q" + q + ":" : "", prefix, ' ', false));
      if (start > 0) {
        sb.append(wire ? '«' : ' ');
      }
      for (int c = start; c < end; c++) {
        sb.append(wire ? wireText(columns.get(c), q, widths[c]) : gapText(columns.get(c), q, widths[c]));
      }
      if (end < columns.size() && wire) {
        sb.append('»');
      }
      if (columns.isEmpty() && wire) {
        sb.append(WIRE).append(WIRE);
      }
      out.append(sb.toString().stripTrailing()).append('\n');
    }
  }

  private int prefixWidth() {
    return ("q" + Math.max(0, n - 1) + ":").length() + 1;
  }

  private List<List<Cell>> columns() {
    var columns = new ArrayList<List<Cell>>();
    var lastColumn = new int[n];
    Arrays.fill(lastColumn, -1);
    // a conditional must stand right of the measurement it reads, and a measurement right of the
    // conditionals that read the old value
    var lastClbitColumn = new int[circuit.numClbits()];
    Arrays.fill(lastClbitColumn, -1);
    for (var ins : circuit.instructions()) {
      var cell = cell(ins);
      int clbit = ins instanceof Measurement m ? m.clbit() : ins instanceof Conditional c ? c.clbit() : -1;
      int col = clbit >= 0 ? lastClbitColumn[clbit] : -1;
      for (int q = cell.lo; q <= cell.hi; q++) {
        col = Math.max(col, lastColumn[q]);
      }
      col++;
      for (int q = cell.lo; q <= cell.hi; q++) {
        lastColumn[q] = col;
      }
      if (clbit >= 0) {
        lastClbitColumn[clbit] = col;
      }
      if (col == columns.size()) {
        columns.add(new ArrayList<>());
      }
      columns.get(col).add(cell);
    }
    return columns;
  }

  private static int columnWidth(List<Cell> column) {
    int w = 1;
    for (var cell : column) {
      for (var s : cell.wires) {
        w = Math.max(w, s == null ? 0 : s.length());
      }
      for (var s : cell.gaps) {
        w = Math.max(w, s == null ? 0 : s.length());
      }
    }
    return w + 2;
  }

  private static String wireText(List<Cell> column, int q, int width) {
    for (var cell : column) {
      if (cell.wires[q] != null) {
        return boxed(cell.wires[q]) ? box(cell.wires[q], width) : centre(cell.wires[q], width, WIRE);
      }
    }
    return String.valueOf(WIRE).repeat(width);
  }

  private static String gapText(List<Cell> column, int gap, int width) {
    for (var cell : column) {
      if (cell.gaps[gap] != null) {
        return boxed(cell.gaps[gap]) ? box(cell.gaps[gap], width) : centre(cell.gaps[gap], width, ' ');
      }
    }
    return " ".repeat(width);
  }

  // ---- one instruction -> one cell ----

  private Cell cell(Instruction ins) {
    if (ins instanceof GateOperation g) {
      return gate(g, "");
    }
    if (ins instanceof Conditional c) {
      return gate(c.operation(), " if " + clbit(c.clbit()) + "==" + (c.value() ? 1 : 0));
    }
    if (ins instanceof Measurement m) {
      var cell = new Cell(n, m.qubit(), m.qubit());
      cell.wires[m.qubit()] = "M→" + clbit(m.clbit());
      return cell;
    }
    if (ins instanceof Reset r) {
      var cell = new Cell(n, r.qubit(), r.qubit());
      cell.wires[r.qubit()] = "|0>";
      return cell;
    }
    if (ins instanceof Barrier b) {
      return barrier(b.qubits());
    }
    if (ins instanceof AmplitudeEncoding a) {
      return amplitudeEncoding(a);
    }
    throw new IllegalStateException("unknown instruction " + ins);
  }

  private Cell gate(GateOperation g, String suffix) {
    var all = g.allQubits();
    int lo = Arrays.stream(all).min().orElseThrow();
    int hi = Arrays.stream(all).max().orElseThrow();
    var cell = new Cell(n, lo, hi);
    for (int q = lo + 1; q < hi; q++) {
      cell.wires[q] = String.valueOf(CROSSING);
    }
    for (int i = lo; i < hi; i++) {
      cell.gaps[i] = String.valueOf(VERTICAL);
    }
    var controls = g.allControls();
    var states = g.allControlStates();
    for (int i = 0; i < controls.length; i++) {
      cell.wires[controls[i]] = states[i] ? "●" : "○";
    }
    var targets = g.targets();
    var base = g.gate().base();
    for (int i = 0; i < targets.length; i++) {
      String label;
      if (base == Gate.SWAP) {
        label = "×";
      } else {
        label = base.qasmName().toUpperCase(Locale.ROOT) + (base == Gate.ECR ? "_" + i : "") + angles(g.angles());
      }
      cell.wires[targets[i]] = label + suffix;
    }
    return cell;
  }

  private Cell barrier(int[] qubits) {
    if (qubits.length == 0) { // on every qubit
      qubits = new int[n];
      Arrays.setAll(qubits, i -> i);
    }
    int lo = Arrays.stream(qubits).min().orElseThrow();
    int hi = Arrays.stream(qubits).max().orElseThrow();
    var cell = new Cell(n, lo, hi);
    var on = new boolean[n];
    for (int q : qubits) {
      on[q] = true;
      cell.wires[q] = "░";
    }
    for (int i = lo; i < hi; i++) {
      if (on[i] && on[i + 1]) {
        cell.gaps[i] = "░";
      }
    }
    return cell;
  }

  // A box from the lowest to the highest qubit; the label on the top wire, wires it does not
  // touch pass through.
  private Cell amplitudeEncoding(AmplitudeEncoding a) {
    var qubits = a.qubits();
    int lo = Arrays.stream(qubits).min().orElseThrow();
    int hi = Arrays.stream(qubits).max().orElseThrow();
    var cell = new Cell(n, lo, hi);
    var label = "AMP(" + inputs(a.inputs()) + ")";
    for (int q = lo; q <= hi; q++) {
      int q0 = q;
      boolean on = Arrays.stream(qubits).anyMatch(x -> x == q0);
      cell.wires[q] = BOX_OPEN + (q == lo ? label : on ? "" : String.valueOf(WIRE).repeat(label.length())) + BOX_CLOSE;
    }
    for (int i = lo; i < hi; i++) {
      cell.gaps[i] = "" + BOX_GAP;
    }
    return cell;
  }

  // Marker characters: a boxed cell is drawn by box(), which replaces them by the box edges.
  private static final char BOX_OPEN = '\u0001';
  private static final char BOX_CLOSE = '\u0002';
  private static final char BOX_GAP = '\u0003';

  private static boolean boxed(String s) {
    return !s.isEmpty() && (s.charAt(0) == BOX_OPEN || s.charAt(0) == BOX_GAP);
  }

  private static String box(String s, int width) {
    int inner = width - 4;
    if (s.charAt(0) == BOX_GAP) {
      return " " + VERTICAL + " ".repeat(inner) + VERTICAL + " ";
    }
    var text = s.substring(1, s.length() - 1);
    boolean through = !text.isEmpty() && text.chars().allMatch(c -> c == WIRE);
    var body = through ? String.valueOf(WIRE).repeat(inner) : pad(text, inner, ' ', false);
    return "" + WIRE + (through ? CROSSING : '┤') + body + (through ? CROSSING : '├') + WIRE;
  }

  private static String centre(String s, int width, char fill) {
    int left = (width - s.length()) / 2;
    return String.valueOf(fill).repeat(left) + s + String.valueOf(fill).repeat(width - s.length() - left);
  }

  private static String pad(String s, int width, char fill, boolean left) {
    var padding = String.valueOf(fill).repeat(Math.max(0, width - s.length()));
    return left ? padding + s : s + padding;
  }

  private String clbit(int k) {
    for (var r : circuit.registers()) {
      if (k >= r.offset() && k < r.offset() + r.size()) {
        return r.name() + "[" + (k - r.offset()) + "]";
      }
    }
    return "c[" + k + "]";
  }

  // ---- labels ----

  private static String angles(List<Angle> angles) {
    if (angles.isEmpty()) {
      return "";
    }
    var parts = new ArrayList<String>();
    angles.forEach(a -> parts.add(angle(a)));
    return "(" + String.join(",", parts) + ")";
  }

  /** {@code theta}, {@code 2*theta+pi/2}, {@code -pi/4}, {@code 0.3}. */
  static String angle(Angle a) {
    if (a.isConstant()) {
      return number(a.offset());
    }
    var name = a.parameter().orElseThrow().name();
    var s = a.scale() == 1 ? name : a.scale() == -1 ? "-" + name : number(a.scale()) + "*" + name;
    if (a.offset() == 0) {
      return s;
    }
    var offset = number(a.offset());
    return s + (offset.startsWith("-") ? offset : "+" + offset);
  }

  /** Multiples of pi/k (k up to 8) as such, other numbers with at most 4 significant digits. */
  static String number(double x) {
    if (x == 0) {
      return "0";
    }
    for (int k = 1; k <= 8; k++) {
      double m = x * k / PI;
      long r = Math.round(m);
      if (r != 0 && Math.abs(m - r) < 1e-9 && Math.abs(r) <= 16 && gcd(Math.abs(r), k) == 1) {
        var num = (r < 0 ? "-" : "") + (Math.abs(r) == 1 ? "" : Long.toString(Math.abs(r))) + "pi";
        return k == 1 ? num : num + "/" + k;
      }
    }
    var s = String.format(Locale.ROOT, "%.4g", x);
    if (s.contains("e")) {
      var mant = s.substring(0, s.indexOf('e'));
      var exp = s.substring(s.indexOf('e'));
      return trimZeros(mant) + exp.replace("e+0", "e").replace("e+", "e").replace("e-0", "e-");
    }
    return trimZeros(s);
  }

  private static String trimZeros(String s) {
    if (!s.contains(".")) {
      return s;
    }
    s = s.replaceAll("0+$", "");
    return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
  }

  private static long gcd(long a, long b) {
    return b == 0 ? a : gcd(b, a % b);
  }

  /** {@code x[0..7]} for a consecutive run of one vector, else the count. */
  private static String inputs(List<Parameter> inputs) {
    var first = inputs.get(0).name();
    int bracket = first.indexOf('[');
    if (bracket > 0) {
      var base = first.substring(0, bracket);
      int start = Integer.parseInt(first.substring(bracket + 1, first.length() - 1));
      boolean run = true;
      for (int i = 0; i < inputs.size() && run; i++) {
        run = inputs.get(i).name().equals(base + "[" + (start + i) + "]");
      }
      if (run) {
        return inputs.size() == 1 ? first : base + "[" + start + ".." + (start + inputs.size() - 1) + "]";
      }
    }
    return inputs.size() == 1 ? first : inputs.size() + " inputs";
  }
}
