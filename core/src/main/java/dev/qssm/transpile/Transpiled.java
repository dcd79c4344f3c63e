package dev.qssm.transpile;

import dev.qssm.circuit.Circuit;

/**
 * A circuit part way through (or at the end of) transpilation.
 *
 * <p>Before layout the circuit is on the user's logical qubits and the three arrays are null. After
 * it, the circuit is on <em>wires</em>: wire {@code w} is physical qubit {@code physical[w]} (devices
 * have more qubits than a {@link Circuit} holds, so only the used ones become wires), and
 * {@code initialLayout[l]} / {@code finalLayout[l]} give the wire holding logical qubit {@code l}
 * at the start and at the end (routing swaps move them).
 */
public record Transpiled(Circuit circuit, int logicalQubits, int[] physical, int[] initialLayout, int[] finalLayout) {
  public Transpiled {
    physical = physical == null ? null : physical.clone();
    initialLayout = initialLayout == null ? null : initialLayout.clone();
    finalLayout = finalLayout == null ? null : finalLayout.clone();
  }

  public static Transpiled of(Circuit logical) {
    return new Transpiled(logical, logical.numQubits(), null, null, null);
  }

  public boolean isLaidOut() {
    return physical != null;
  }

  public Transpiled withCircuit(Circuit c) {
    return new Transpiled(c, logicalQubits, physical, initialLayout, finalLayout);
  }

  /** The physical qubit of wire w (w itself before layout). */
  public int physicalQubit(int wire) {
    return physical == null ? wire : physical[wire];
  }

  /** Physical qubit of each logical qubit at the start. */
  public int[] physicalInitialLayout() {
    return map(initialLayout);
  }

  /** Physical qubit of each logical qubit at the end. */
  public int[] physicalFinalLayout() {
    return map(finalLayout);
  }

  private int[] map(int[] layout) {
    var out = new int[logicalQubits];
    for (int l = 0; l < logicalQubits; l++) {
      out[l] = layout == null ? l : physical[layout[l]];
    }
    return out;
  }

  @Override
  public int[] physical() {
    return physical == null ? null : physical.clone();
  }

  @Override
  public int[] initialLayout() {
    return initialLayout == null ? null : initialLayout.clone();
  }

  @Override
  public int[] finalLayout() {
    return finalLayout == null ? null : finalLayout.clone();
  }
}
