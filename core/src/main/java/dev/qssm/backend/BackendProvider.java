package dev.qssm.backend;

/**
 * Creates backends of one kind. Found with {@link java.util.ServiceLoader}: a jar registers its
 * provider in {@code META-INF/services/dev.qssm.backend.BackendProvider}.
 */
public interface BackendProvider {

  /** The name users select it by, e.g. "exact". Lower case, unique among installed providers. */
  String name();

  /** One line for {@code qssm backends}. */
  String description();

  /** The capabilities a backend created with {@code config} will have. */
  Capabilities capabilities(BackendConfig config);

  Backend create(BackendConfig config);
}
