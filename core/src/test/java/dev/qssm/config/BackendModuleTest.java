package dev.qssm.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.inject.Guice;
import com.google.inject.ProvisionException;
import dev.qssm.backend.Backend;
import dev.qssm.backend.BackendConfig;
import dev.qssm.backend.BackendProvider;
import dev.qssm.backend.BackendUnavailableException;
import dev.qssm.backend.Capabilities;
import dev.qssm.backend.Task;
import dev.qssm.backend.TaskResult;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Providers are registered through a class loader over a temporary services file, not in
 * src/test/resources: that would ship them in the core test-jar to every backend module's tests.
 */
public class BackendModuleTest {
  @TempDir Path dir;
  private ClassLoader loader;

  @BeforeEach
  void registerProviders() throws IOException {
    var services = dir.resolve("META-INF/services");
    Files.createDirectories(services);
    Files.writeString(services.resolve(BackendProvider.class.getName()),
        FakeProvider.class.getName() + "\n" + BrokenProvider.class.getName() + "\n");
    loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, getClass().getClassLoader());
  }

  private static QssmConfig config(String backend, Map<String, String> env) {
    return QssmConfig.builder().environment(env).systemProperties(new Properties())
        .workingDirectory(Path.of("/nonexistent-qssm-dir")).backend(backend).build();
  }

  @Test
  void injectsTheBackendTheConfigNamesWithItsOptions() {
    var config = config("fake", Map.of("QSSM_SHOTS", "128", "QSSM_BACKEND_COLOUR", "blue"));
    var injector = Guice.createInjector(new BackendModule(config, loader));

    var backend = injector.getInstance(Backend.class);
    assertEquals("fake", backend.name());
    var seen = ((FakeBackend) backend).config;
    assertEquals(128, seen.shots());
    assertEquals("blue", seen.getString("colour", null));
    assertSame(backend, injector.getInstance(Backend.class)); // one backend per injector
    assertSame(config, injector.getInstance(QssmConfig.class));
    assertSame(config.backend(), injector.getInstance(BackendConfig.class));
  }

  @Test
  void unknownBackendFailsWithQssmsMessageListingTheInstalledNames() {
    var config = config("nope", Map.of());
    var e = assertThrows(BackendUnavailableException.class, () -> new BackendModule(config, loader));
    assertEquals("unknown backend 'nope'; available: broken, fake", e.getMessage());
  }

  @Test
  void providerFailuresCanBeUnwrappedFromGuice() {
    var injector = Guice.createInjector(new BackendModule(config("broken", Map.of()), loader));
    var e = assertThrows(ProvisionException.class, () -> injector.getInstance(Backend.class));
    var cause = BackendModule.unwrap(e);
    assertEquals(BackendUnavailableException.class, cause.getClass());
    assertEquals("broken: no token configured", cause.getMessage());

    var plain = new IllegalStateException("x");
    assertSame(plain, BackendModule.unwrap(plain));
  }

  public static final class FakeProvider implements BackendProvider {
    @Override
    public String name() {
      return "fake";
    }

    @Override
    public String description() {
      return "records its configuration";
    }

    @Override
    public Capabilities capabilities(BackendConfig config) {
      return Capabilities.builder().build();
    }

    @Override
    public Backend create(BackendConfig config) {
      return new FakeBackend(config);
    }
  }

  public static final class BrokenProvider implements BackendProvider {
    @Override
    public String name() {
      return "broken";
    }

    @Override
    public String description() {
      return "cannot be created";
    }

    @Override
    public Capabilities capabilities(BackendConfig config) {
      return Capabilities.builder().build();
    }

    @Override
    public Backend create(BackendConfig config) {
      throw new BackendUnavailableException("broken: no token configured");
    }
  }

  static final class FakeBackend implements Backend {
    final BackendConfig config;

    FakeBackend(BackendConfig config) {
      this.config = config;
    }

    @Override
    public String name() {
      return "fake";
    }

    @Override
    public Capabilities capabilities() {
      return Capabilities.builder().build();
    }

    @Override
    public List<TaskResult> run(List<Task> tasks) {
      throw new UnsupportedOperationException("not needed here");
    }
  }
}
