package dev.qssm.backend;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qssm.circuit.Circuit;
import dev.qssm.circuit.InvalidCircuitException;
import org.junit.jupiter.api.Test;

class ReadoutTest {
  private final Circuit three = Circuit.builder(3).h(0).build();

  @Test
  void theFirstBasisStatesSetTheSize() {
    assertEquals(8, Readout.probabilities().size(three));
    assertEquals(5, Readout.probabilities().first(5).size(three));
    assertEquals(3, Readout.probabilities(2, 0).first(3).size(three));
    assertEquals(4, Readout.probabilities(2, 0).size(three));
  }

  @Test
  void truncateKeepsThePrefixAndPadWidensWithZeros() {
    var pr = Readout.probabilities().first(3);
    assertArrayEquals(new double[] {0.1, 0.2, 0.3}, pr.truncate(new double[] {0.1, 0.2, 0.3, 0.4, 0, 0, 0, 0}));
    assertArrayEquals(new double[] {1, 2, 3, 0, 0, 0, 0, 0}, pr.pad(new double[] {1, 2, 3}, three));
    var all = Readout.probabilities();
    var v = new double[8];
    assertSame(v, all.truncate(v), "no limit: the values themselves");
    assertSame(v, all.pad(v, three));
  }

  @Test
  void allDropsTheLimitAndKeepsTheQubits() {
    var pr = Readout.probabilities(2, 0).first(3);
    assertEquals(Readout.probabilities(2, 0), pr.all());
    assertNotEquals(Readout.probabilities(2, 0), pr, "the limit is part of the value");
    assertEquals(Readout.probabilities(2, 0).first(3), pr);
    assertEquals("probabilities[2, 0].first(3)", pr.toString());
  }

  @Test
  void aLimitBeyondTheDistributionOrBelowOneIsRefused() {
    var e = assertThrows(InvalidCircuitException.class,
        () -> Task.builder(Circuit.builder(2).h(0).build()).readout(Readout.probabilities().first(5)).build());
    assertTrue(e.getMessage().contains("first 5 basis states, but 2 qubit(s) have only 4"), e.getMessage());
    var z = assertThrows(dev.qssm.QssmException.class, () -> Readout.probabilities().first(0));
    assertTrue(z.getMessage().contains("need at least 1"), z.getMessage());
  }
}
