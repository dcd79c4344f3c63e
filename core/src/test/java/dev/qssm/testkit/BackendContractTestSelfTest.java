package dev.qssm.testkit;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.qssm.backend.Backend;
import dev.qssm.backend.Capabilities;
import dev.qssm.backend.Gradient;
import dev.qssm.backend.Readout;
import dev.qssm.backend.ResultMetadata;
import dev.qssm.backend.SamplingReferenceBackend;
import dev.qssm.backend.Task;
import dev.qssm.backend.TaskResult;
import dev.qssm.circuit.Circuit;
import dev.qssm.circuit.GateOperation;
import dev.qssm.circuit.Instruction;
import dev.qssm.gradient.ParameterShift;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** The kit must notice broken backends: each check here runs against one deliberate defect. */
class BackendContractTestSelfTest {

  @Test
  void noticesBigEndianProbabilities() {
    var broken = new Wrapper(new ReferenceBackend()) {
      @Override
      public List<TaskResult> run(List<Task> tasks) {
        var out = new ArrayList<TaskResult>();
        for (var t : tasks) {
          var r = delegate.run(List.of(t)).get(0);
          if (t.readout() instanceof Readout.Probabilities p) {
            int n = p.qubitsOf(t.circuit()).length;
            for (int row = 0; row < r.values().length; row++) {
              var v = r.values()[row];
              var reversed = new double[v.length];
              for (int i = 0; i < v.length; i++) {
                reversed[Integer.reverse(i) >>> (32 - n)] = v[i];
              }
              r.values()[row] = reversed;
            }
          }
          out.add(r);
        }
        return out;
      }
    };
    assertNoticed(broken, BackendContractTest::qubitZeroIsTheLeastSignificantBit, "value[1] expected 1.0");
  }

  @Test
  void noticesNegctrlTreatedAsCtrl() {
    var broken = new Wrapper(new ReferenceBackend()) {
      @Override
      public List<TaskResult> run(List<Task> tasks) {
        return delegate.run(tasks.stream().map(t -> t.withCircuit(allControlsPositive(t.circuit()))).toList());
      }
    };
    assertNoticed(broken, BackendContractTest::negctrlModifierActsOnlyWhenItsControlIsZero, "negctrl @ rx");
    assertNoticed(broken, BackendContractTest::everyControlOfAMultiplyControlledGateMustFire, "ctrl @ negctrl @ ry");
  }

  @Test
  void noticesBatchesThatRepeatTheFirstRow() {
    var broken = new Wrapper(new ReferenceBackend()) {
      @Override
      public List<TaskResult> run(List<Task> tasks) {
        var out = new ArrayList<TaskResult>();
        for (var t : tasks) {
          var first = delegate.run(List.of(t.withBindings(new double[][] {t.bindings()[0]}))).get(0);
          var values = new double[t.rows()][];
          Arrays.fill(values, first.values()[0]);
          out.add(new TaskResult(values, null, first.metadata()));
        }
        return out;
      }
    };
    assertNoticed(broken, BackendContractTest::batchedBindingsEqualOneByOneExecution, "binding row 1 batched vs alone");
  }

  @Test
  void noticesStandardErrorsOnExactResultsAndAWrongName() {
    var broken = mapResults(new ReferenceBackend(), r -> new TaskResult(r.values(), new double[r.values().length][],
        new ResultMetadata("someone-else", 0, null, r.metadata().elapsed(), r.metadata().extra())));
    assertNoticed(broken, BackendContractTest::exactResultsHaveNoStandardErrors, "null standard errors");
    assertNoticed(broken, BackendContractTest::metadataNamesTheBackendAndTheShots, "must name the backend");
  }

  @Test
  void noticesAMissingWidthCheck() {
    var broken = new Wrapper(new ReferenceBackend(), Capabilities.builder().maxQubits(3).shots(false).build());
    assertNoticed(broken, BackendContractTest::circuitWiderThanMaxQubitsIsRefused, "4-qubit circuit exceeds maxQubits = 3");
  }

  @Test
  void noticesAWrongGradient() {
    var broken = new Wrapper(new ReferenceBackend()) {
      @Override
      public List<Gradient> vjp(List<Task> tasks, List<double[][]> cotangents) {
        var g = ParameterShift.vjp(this, tasks, cotangents);
        g.get(0).weights()[1] *= 1.001;
        return g;
      }
    };
    assertNoticed(broken, BackendContractTest::vjpMatchesCentralFiniteDifferences, "parameter 'v'");
  }

  @Test
  void noticesIgnoredSeeds() {
    var unseeded = mapTasks(new SamplingReferenceBackend(),
        t -> Task.builder(t.circuit()).bindings(t.bindings()).readout(t.readout()).shots(t.shots()).build());
    assertNoticed(unseeded, BackendContractTest::sameSeedGivesTheSameValues, "seed 7 twice");
    var fixed = mapTasks(new SamplingReferenceBackend(), t -> t.toBuilder().seed(1).build());
    assertNoticed(fixed, BackendContractTest::differentSeedsGiveDifferentValues, "is the seed ignored?");
  }

  @Test
  void noticesShotsSilentlyAnsweredExactly() {
    var exactForShots = new Wrapper(new ReferenceBackend(), Capabilities.builder().maxQubits(16).build()) {
      @Override
      public List<TaskResult> run(List<Task> tasks) {
        return delegate.run(tasks.stream().map(t -> t.toBuilder().shots(0).build()).toList());
      }
    };
    assertNoticed(exactForShots, BackendContractTest::differentSeedsGiveDifferentValues, "seeds 7 and 8");
    assertNoticed(exactForShots, BackendContractTest::vjpUnderShotsIsReproducibleAndSampled, "vjp under shots");
  }

  @Test
  void noticesBiasedEstimatesAndMisreportedStandardErrors() {
    var biased = mapResults(new SamplingReferenceBackend(), r -> {
      for (var row : r.values()) {
        row[0] += 0.05;
      }
      return r;
    });
    assertNoticed(biased, BackendContractTest::shotEstimatesAreWithinStandardErrorsOfExactValues, "standard errors), got");
    var variances = mapResults(new SamplingReferenceBackend(), r -> {
      for (var row : r.standardErrors()) {
        for (int k = 0; k < row.length; k++) {
          row[k] *= row[k];
        }
      }
      return r;
    });
    assertNoticed(variances, BackendContractTest::shotResultsCarryStandardErrorsOfTheRightSize, "should be about");
  }

  // ---------------------------------------------------------------------------------------------

  /** Runs one kit check against {@code backend} and requires it to fail with a message containing {@code hint}. */
  private static void assertNoticed(Backend backend, Consumer<BackendContractTest> check, String hint) {
    var kit = new BackendContractTest() {
      @Override
      protected Backend backend() {
        return backend;
      }
    };
    kit.createBackend();
    try {
      check.accept(kit);
    } catch (AssertionError e) {
      assertTrue(String.valueOf(e.getMessage()).contains(hint),
          "the kit failed for another reason than expected ('" + hint + "'): " + e.getMessage());
      return;
    } finally {
      kit.closeBackend();
    }
    fail("the kit passed a backend that is broken ('" + hint + "' expected)");
  }

  private static Backend mapResults(Backend delegate, UnaryOperator<TaskResult> f) {
    return new Wrapper(delegate) {
      @Override
      public List<TaskResult> run(List<Task> tasks) {
        return delegate.run(tasks).stream().map(f).toList();
      }
    };
  }

  private static Backend mapTasks(Backend delegate, Function<Task, Task> f) {
    return new Wrapper(delegate) {
      @Override
      public List<TaskResult> run(List<Task> tasks) {
        return delegate.run(tasks.stream().map(f).toList());
      }
    };
  }

  private static Circuit allControlsPositive(Circuit c) {
    var b = Circuit.builder(c.numQubits());
    c.registers().forEach(r -> b.classicalRegister(r.name(), r.size()));
    b.declare(c.parameters());
    for (Instruction ins : c.instructions()) {
      if (ins instanceof GateOperation g && g.controlQubits().length > 0) {
        var states = new boolean[g.controlQubits().length];
        Arrays.fill(states, true);
        b.append(new GateOperation(g.gate(), g.angles(), g.qubits(), g.controlQubits(), states));
      } else {
        b.append(ins);
      }
    }
    return b.build();
  }

  /** A backend that passes everything to another one, under its name. */
  private static class Wrapper implements Backend {
    final Backend delegate;
    private final Capabilities capabilities;

    Wrapper(Backend delegate) {
      this(delegate, delegate.capabilities());
    }

    Wrapper(Backend delegate, Capabilities capabilities) {
      this.delegate = delegate;
      this.capabilities = capabilities;
    }

    @Override
    public String name() {
      return delegate.name();
    }

    @Override
    public Capabilities capabilities() {
      return capabilities;
    }

    @Override
    public List<TaskResult> run(List<Task> tasks) {
      return delegate.run(tasks);
    }
  }
}
