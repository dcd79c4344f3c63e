package dev.qssm.transpile;

/** One transpiler step with one job (decompose, lay out, route, optimise, validate). */
@FunctionalInterface
public interface Pass {
  Transpiled run(Transpiled in);
}
