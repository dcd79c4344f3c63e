package org.example.qssm;

import dev.qssm.backend.Backend;
import dev.qssm.backend.BackendConfig;
import dev.qssm.backend.BackendProvider;
import dev.qssm.backend.BackendUnavailableException;
import dev.qssm.backend.Backends;
import dev.qssm.backend.Capabilities;

/**
 * Provides {@link RecordingBackend} under the name {@code "recording"}. Listed in {@code
 * META-INF/services/dev.qssm.backend.BackendProvider}, so qssm finds it when this jar is on the
 * class path.
 *
 * <p>Options: {@code wraps} — the backend that does the work (default {@code exact}); {@code log}
 * — a file that gets one JSON line per task run; every other option goes to the wrapped backend.
 */
public final class RecordingBackendProvider implements BackendProvider {
  public static final String NAME = "recording";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "records every task it runs (-o log=FILE), then runs it on another backend (-o wraps=NAME, default exact)";
  }

  @Override
  public Capabilities capabilities(BackendConfig config) {
    return innerProvider(config).capabilities(innerConfig(config));
  }

  @Override
  public Backend create(BackendConfig config) {
    var inner = innerProvider(config).create(innerConfig(config));
    var log = config.has("log") ? java.nio.file.Path.of(config.getString("log", "")) : null;
    return new RecordingBackend(inner, log);
  }

  private static BackendProvider innerProvider(BackendConfig config) {
    var wraps = config.getString("wraps", "exact");
    if (wraps.equals(NAME)) {
      throw new BackendUnavailableException("recording: option 'wraps' must name another backend, not " + NAME);
    }
    // the class loader that loaded this plugin sees the rest of qssm, whoever started the process
    return Backends.provider(Backends.discover(RecordingBackendProvider.class.getClassLoader()), wraps);
  }

  private static BackendConfig innerConfig(BackendConfig config) {
    var options = config.options();
    options.remove("wraps");
    options.remove("log");
    return new BackendConfig(config.getString("wraps", "exact"), options);
  }
}
