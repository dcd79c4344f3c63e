package dev.qssm.ibm;

import dev.qssm.backend.Backend;
import dev.qssm.testkit.BackendContractTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import org.junit.jupiter.api.AfterEach;

/** The conformance kit, with a MockWebServer that samples the submitted ISA circuits standing in for IBM. */
class IbmMockContractTest extends BackendContractTest {
  private static Path configuration;
  private FakeIbm fake;

  @Override
  protected Backend backend() {
    fake = new FakeIbm();
    try {
      var store = Files.createTempDirectory("qssm-ibm-jobs");
      var options = fake.options(store);
      // the configuration from a local file keeps the kit fast; IbmFlowTest covers fetching it from IBM
      if (configuration == null) {
        configuration = Files.createTempFile("fez-configuration", ".json");
        Files.writeString(configuration, FakeIbm.fixture("fez-configuration.json"));
      }
      options.put("configuration", configuration.toString());
      return fake.backend(options, new ArrayList<>());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The mock samples ideal circuits, so ideal values are expected even though real devices are noisy. */
  @Override
  protected boolean noiseless() {
    return true;
  }

  @AfterEach
  void stop() throws IOException {
    fake.close();
  }
}
