package dev.qssm.transpile;

import dev.qssm.circuit.Circuit;
import java.util.ArrayList;
import java.util.List;

/** Runs passes in order. {@link #preset} is the standard pipeline for a hardware {@link Target}. */
public final class PassManager {
  private final List<Pass> passes;

  public PassManager(List<Pass> passes) {
    this.passes = List.copyOf(passes);
  }

  /** decompose → layout (noise-aware when the target has calibration data) → route → basis → optimise → validate. */
  public static PassManager preset(Target target) {
    return preset(target, null);
  }

  /** As {@link #preset(Target)} with a user-given initial layout (physical qubit per logical qubit). */
  public static PassManager preset(Target target, int[] initialLayout) {
    var list = new ArrayList<Pass>();
    list.add(new DecomposeToCx());
    list.add(new InitialLayout(target, initialLayout));
    list.add(new SwapRouting(target));
    list.add(new BasisTranslation(target));
    list.add(new Optimize());
    list.add(new Validate(target));
    return new PassManager(list);
  }

  public List<Pass> passes() {
    return passes;
  }

  public Transpiled run(Circuit logical) {
    return run(Transpiled.of(logical));
  }

  public Transpiled run(Transpiled in) {
    var t = in;
    for (var p : passes) {
      t = p.run(t);
    }
    return t;
  }
}
