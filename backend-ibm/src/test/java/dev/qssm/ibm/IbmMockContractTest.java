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
  private FakeIbm fake;

  @Override
  protected Backend backend() {
    fake = new FakeIbm();
    try {
      var store = Files.createTempDirectory("qssm-ibm-jobs");
      return fake.backend(fake.options(store), new ArrayList<>());
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
