package dev.qssm.models.qmamba;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qssm.QssmException;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TokenCodecTest {
  static final String PATTERN = "zero one two three four five six seven eight nine ";

  @Test
  void digitsAnglesAndLevels() {
    var c = new TokenCodec("abcdefg", 3, 2);
    assertArrayEquals(new int[] {2, 1}, c.digits(5)); // 5 = 2 + 1*3
    assertArrayEquals(new double[] {4 * Math.PI / 3, 2 * Math.PI / 3}, c.angles(5), 1e-15);
    assertArrayEquals(new double[] {1.0, 0.5}, c.levels(5), 1e-15);
  }

  @Test
  void roundTripEveryTokenOfThePattern() {
    var set = TokenCodec.tokenSetOf(PATTERN);
    assertEquals(16, set.length());
    var c = new TokenCodec(set, 4, 2);
    for (int j = 0; j < c.size(); j++) {
      assertEquals(j, c.decode(c.levels(j)));
      assertEquals(j, c.sample(c.levels(j), 0, new Random(1)));
    }
    var text = "seven eight";
    var ids = c.encode(text);
    var sb = new StringBuilder();
    for (int id : ids) {
      sb.append(c.token(id));
    }
    assertEquals(text, sb.toString());
  }

  @Test
  void decodeTakesSmallestSummedDiscrepancy() {
    var c = new TokenCodec("abcd", 2, 2); // a=(0,0) b=(1,0) c=(0,1) d=(1,1)
    assertEquals(1, c.decode(new double[] {0.9, 0.2}));
    assertEquals(3, c.decode(new double[] {0.6, 0.7}));
    assertArrayEquals(new double[] {0.5, 0.5, 1.5, 1.5}, c.discrepancies(new double[] {0.5, 0}), 1e-15);
  }

  @Test
  void temperatureSpreadsSamples() {
    var c = new TokenCodec("ab", 2, 1);
    var p = new double[] {0.4}; // δ = 0.4 (a), 0.6 (b): weights e^{-0.4/τ}, e^{-0.6/τ}
    var rng = new Random(7);
    int n = 20000;
    int b = 0;
    for (int i = 0; i < n; i++) {
      b += c.sample(p, 1.0, rng);
    }
    double expected = Math.exp(-0.6) / (Math.exp(-0.4) + Math.exp(-0.6));
    assertEquals(expected, (double) b / n, 0.015);
    for (int i = 0; i < 100; i++) {
      assertEquals(0, c.sample(p, 0, rng));
    }
  }

  @Test
  void badInputsSayWhatIsWrong() {
    var c = new TokenCodec("abc", 2, 2);
    var e = assertThrows(QssmException.class, () -> c.encode("abx"));
    assertTrue(e.getMessage().contains("'x'"), e.getMessage());
    e = assertThrows(QssmException.class, () -> new TokenCodec("abcde", 2, 2));
    assertTrue(e.getMessage().contains("cannot encode 5 tokens"), e.getMessage());
    assertThrows(QssmException.class, () -> new TokenCodec("ab", 1, 3));
    assertThrows(QssmException.class, () -> new TokenCodec("ab", 2, 0));
    assertThrows(QssmException.class, () -> new TokenCodec("aba", 2, 2));
    assertThrows(QssmException.class, () -> c.decode(new double[] {0.5}));
    assertThrows(QssmException.class, () -> c.sample(new double[] {0.5, 0.5}, -1, new Random(1)));
  }
}
