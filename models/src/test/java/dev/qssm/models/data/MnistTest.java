package dev.qssm.models.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MnistTest {
  @TempDir Path dir;

  @Test
  void bundledSubsetIsRealMnist() {
    var train = Mnist.bundled("train");
    var test = Mnist.bundled("t10k");
    assertEquals(1000, train.size());
    assertEquals(200, test.size());
    assertEquals(28, train.rows());
    assertArrayEquals(new int[] {0, 3, 7, 6, 8, 9, 3, 3, 8, 1}, Arrays.copyOf(train.labels(), 10));
    assertArrayEquals(new int[] {4, 5, 1, 6, 2}, Arrays.copyOf(test.labels(), 5));
    int sum = 0;
    for (int i = 0; i < 784; i++) {
      sum += train.images()[i] & 0xff;
    }
    assertEquals(59764, sum); // checked against the file with Python
  }

  @Test
  void plainAndGzipReadTheSame() throws IOException {
    write(dir.resolve("train-images-idx3-ubyte"), images(3), false);
    write(dir.resolve("train-labels-idx1-ubyte.gz"), labels(3, 3), true);
    var m = Mnist.load(dir, "train");
    assertEquals(3, m.size());
    assertArrayEquals(new int[] {0, 1, 2}, m.labels());
    assertEquals(5, m.images()[4] & 0xff);
  }

  @Test
  void sequentialViewAndPermutation() {
    var m = Mnist.bundled("t10k");
    var plain = new SequentialMnist(m, null).inputs(new int[] {1, 0});
    assertArrayEquals(new int[] {2, 784, 1}, plain.shape());
    assertEquals((m.images()[784 + 300] & 0xff) / 255.0, plain.data()[300]);
    var perm = new SequentialMnist(m, 5L).inputs(new int[] {1, 0});
    var a = plain.data().clone();
    var b = perm.data().clone();
    assertNotEquals(Arrays.toString(a), Arrays.toString(b));
    Arrays.sort(a);
    Arrays.sort(b);
    assertArrayEquals(a, b); // same pixels, other order
    assertArrayEquals(SequentialMnist.epochOrder(50, 1, 2), SequentialMnist.epochOrder(50, 1, 2));
    assertNotEquals(Arrays.toString(SequentialMnist.epochOrder(50, 1, 2)),
        Arrays.toString(SequentialMnist.epochOrder(50, 1, 3)));
  }

  @Test
  void missingFileIsNamed() {
    var e = assertThrows(DataException.class, () -> Mnist.load(dir, "train"));
    assertTrue(e.getMessage().contains("train-images-idx3-ubyte") && e.getMessage().contains("no such file"),
        e.getMessage());
  }

  @Test
  void truncatedFileIsNamed() throws IOException {
    var bytes = images(3);
    var f = dir.resolve("train-images-idx3-ubyte.gz");
    write(f, Arrays.copyOf(bytes, bytes.length - 10), true);
    var e = assertThrows(DataException.class, () -> Idx.read(f, Idx.IMAGES_MAGIC));
    assertTrue(e.getMessage().contains(f.toString()) && e.getMessage().contains("truncated"), e.getMessage());
    write(f, new byte[] {0, 0, 8}, false);
    e = assertThrows(DataException.class, () -> Idx.read(f, Idx.IMAGES_MAGIC));
    assertTrue(e.getMessage().contains("magic number"), e.getMessage());
  }

  @Test
  void wrongMagicIsNamed() throws IOException {
    var f = dir.resolve("train-images-idx3-ubyte");
    write(f, labels(3, 3), false);
    var e = assertThrows(DataException.class, () -> Idx.read(f, Idx.IMAGES_MAGIC));
    assertTrue(e.getMessage().contains(f.toString()) && e.getMessage().contains("wrong magic number 2049"),
        e.getMessage());
  }

  @Test
  void mismatchedCountsAreNamed() throws IOException {
    write(dir.resolve("train-images-idx3-ubyte"), images(3), false);
    write(dir.resolve("train-labels-idx1-ubyte"), labels(4, 4), false);
    var e = assertThrows(DataException.class, () -> Mnist.load(dir, "train"));
    assertTrue(e.getMessage().contains("3 images") && e.getMessage().contains("4 labels"), e.getMessage());
  }

  static byte[] images(int n) throws IOException {
    var bo = new ByteArrayOutputStream();
    var o = new DataOutputStream(bo);
    o.writeInt(Idx.IMAGES_MAGIC);
    o.writeInt(n);
    o.writeInt(2);
    o.writeInt(2);
    for (int i = 0; i < 4 * n; i++) {
      o.writeByte(i + 1);
    }
    return bo.toByteArray();
  }

  static byte[] labels(int declared, int n) throws IOException {
    var bo = new ByteArrayOutputStream();
    var o = new DataOutputStream(bo);
    o.writeInt(Idx.LABELS_MAGIC);
    o.writeInt(declared);
    for (int i = 0; i < n; i++) {
      o.writeByte(i);
    }
    return bo.toByteArray();
  }

  static void write(Path f, byte[] bytes, boolean gzip) throws IOException {
    if (!gzip) {
      Files.write(f, bytes);
      return;
    }
    try (var out = new GZIPOutputStream(Files.newOutputStream(f))) {
      out.write(bytes);
    }
  }
}
