package dev.qssm.models.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class CopyMemoryTest {
  @Test
  void theLabelIsTheStoredSymbolTheQueryNames() {
    var task = new CopyMemory(50, 8, 3, 5, 7);
    assertEquals(3 + 5 + 1, task.length());
    assertEquals(11, task.features());
    var idx = new int[50];
    java.util.Arrays.setAll(idx, i -> i);
    var x = task.inputs(idx);
    assertArrayEquals(new int[] {50, 9, 11}, x.shape());
    var labels = task.labels(idx);
    var d = x.data();
    var seen = new boolean[8];
    for (int b = 0; b < 50; b++) {
      int base = b * 9 * 11;
      int query = -1;
      for (int j = 0; j < 3; j++) {
        if (d[base + 8 * 11 + 8 + j] == 1) {
          query = j;
        }
      }
      int symbol = -1;
      for (int k = 0; k < 8; k++) {
        if (d[base + query * 11 + k] == 1) {
          symbol = k;
        }
      }
      assertEquals(symbol, labels[b], "example " + b);
      seen[labels[b]] = true;
      double blanks = 0;
      for (int i = 3 * 11; i < 8 * 11; i++) {
        blanks += d[base + i];
      }
      assertEquals(0, blanks);
    }
    for (boolean s : seen) {
      assertEquals(true, s, "every symbol appears as a label in 50 examples");
    }
    // a pure function of (seed, index)
    assertArrayEquals(task.labels(new int[] {4, 9}), new CopyMemory(10, 8, 3, 5, 7).labels(new int[] {4, 9}));
    assertThrows(DataException.class, () -> new CopyMemory(10, 1, 3, 5, 7));
  }
}
