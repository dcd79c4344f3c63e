package dev.qssm.config;

import com.google.inject.AbstractModule;
import com.google.inject.ConfigurationException;
import com.google.inject.CreationException;
import com.google.inject.ProvisionException;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.spi.Message;
import dev.qssm.QssmException;
import dev.qssm.backend.Backend;
import dev.qssm.backend.BackendConfig;
import dev.qssm.backend.BackendProvider;
import dev.qssm.backend.Backends;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Objects;

/**
 * Binds {@link QssmConfig}, {@link BackendConfig}, the chosen {@link BackendProvider} and a
 * singleton {@link Backend} created by it. Whoever creates the injector closes the backend.
 *
 * <p>The provider is looked up when the module is constructed, so an unknown backend name fails
 * right there with qssm's own message (which lists the installed names) rather than inside a
 * Guice {@code CreationException}. Failures of {@link BackendProvider#create} happen at
 * injection time; {@link #unwrap} recovers qssm's exception from Guice's wrapper.
 */
public final class BackendModule extends AbstractModule {
  private final QssmConfig config;
  private final BackendProvider provider;

  /** Discovers providers with the thread's context class loader. */
  public BackendModule(QssmConfig config) {
    this(config, defaultLoader());
  }

  /** Discovers providers visible to {@code loader} (e.g. one that adds plug-in jars). */
  public BackendModule(QssmConfig config, ClassLoader loader) {
    this.config = Objects.requireNonNull(config, "config");
    this.provider = Backends.provider(Backends.discover(Objects.requireNonNull(loader, "loader")),
        config.backend().name());
  }

  @Override
  protected void configure() {
    bind(QssmConfig.class).toInstance(config);
    bind(BackendConfig.class).toInstance(config.backend());
    bind(BackendProvider.class).toInstance(provider);
  }

  @Provides
  @Singleton
  Backend backend(BackendProvider provider, BackendConfig backendConfig) {
    return provider.create(backendConfig);
  }

  /**
   * The {@link QssmException} behind a Guice {@code ProvisionException}, {@code CreationException}
   * or {@code ConfigurationException}, so callers can show the user qssm's message; any other
   * exception is returned as it is.
   */
  public static RuntimeException unwrap(RuntimeException e) {
    Collection<Message> messages;
    if (e instanceof ProvisionException p) {
      messages = p.getErrorMessages();
    } else if (e instanceof CreationException c) {
      messages = c.getErrorMessages();
    } else if (e instanceof ConfigurationException c) {
      messages = c.getErrorMessages();
    } else {
      return e;
    }
    var causes = new ArrayList<Throwable>();
    causes.add(e.getCause());
    messages.forEach(m -> causes.add(m.getCause()));
    for (var cause : causes) {
      for (Throwable t = cause; t != null; t = t.getCause()) {
        if (t instanceof QssmException q) {
          return q;
        }
      }
    }
    return e;
  }

  private static ClassLoader defaultLoader() {
    var loader = Thread.currentThread().getContextClassLoader();
    return loader != null ? loader : BackendModule.class.getClassLoader();
  }
}
