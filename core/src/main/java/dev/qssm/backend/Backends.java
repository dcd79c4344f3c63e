package dev.qssm.backend;

import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

/** Finds the installed {@link BackendProvider}s on a class path. */
public final class Backends {
  private Backends() {}

  /** Every provider visible to {@code loader}, by name. Two providers with one name are an error. */
  public static Map<String, BackendProvider> discover(ClassLoader loader) {
    var byName = new TreeMap<String, BackendProvider>();
    for (var p : ServiceLoader.load(BackendProvider.class, loader)) {
      var previous = byName.putIfAbsent(p.name(), p);
      if (previous != null) {
        throw new BackendUnavailableException(
            "two backend providers are named '" + p.name() + "': " + previous.getClass().getName()
                + " and " + p.getClass().getName() + "; remove one jar from the class path");
      }
    }
    return byName;
  }

  public static Map<String, BackendProvider> discover() {
    return discover(Thread.currentThread().getContextClassLoader());
  }

  /** The provider called {@code name}, or an error listing the names that are installed. */
  public static BackendProvider provider(Map<String, BackendProvider> providers, String name) {
    var p = providers.get(name);
    if (p == null) {
      throw new BackendUnavailableException(
          "unknown backend '" + name + "'; available: " + String.join(", ", providers.keySet()));
    }
    return p;
  }

  /** Creates the backend {@code config} names from the providers on the context class path. */
  public static Backend create(BackendConfig config) {
    return provider(discover(), config.name()).create(config);
  }
}
