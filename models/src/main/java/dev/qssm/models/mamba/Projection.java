package dev.qssm.models.mamba;

import dev.qssm.nn.Module;
import java.util.random.RandomGenerator;

/**
 * Makes the layer for one of a Mamba block's three projections, {@code in_proj}, {@code x_proj}
 * or {@code out_proj}: any {@link Module} mapping {@code [..., in]} to {@code [..., out]}. The
 * default is a bias-free Linear; HQC-Mamba plugs quantum layers in here.
 */
@FunctionalInterface
public interface Projection {
  Module create(String name, int layer, int in, int out, RandomGenerator rng);
}
