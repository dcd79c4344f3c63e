package dev.qssm.models.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * An MNIST-format split: {@code n} images of {@code rows x cols} grey levels (0..255) and their
 * labels. Reads the standard file names ({@code train-images-idx3-ubyte[.gz]} and so on) from a
 * directory, or the 1,000 + 200 digit subset bundled in this jar.
 */
public record Mnist(byte[] images, int[] labels, int rows, int cols) {
  public int size() {
    return labels.length;
  }

  public int pixels() {
    return rows * cols;
  }

  /** {@code split} is "train" or "t10k"; each file may be plain or gzipped. */
  public static Mnist load(Path dir, String split) {
    var images = Idx.read(find(dir, split + "-images-idx3-ubyte"), Idx.IMAGES_MAGIC);
    var labels = Idx.read(find(dir, split + "-labels-idx1-ubyte"), Idx.LABELS_MAGIC);
    return of(images, labels);
  }

  /** The bundled subset: 1,000 training or 200 test digits of real MNIST. */
  public static Mnist bundled(String split) {
    try {
      return of(resource(split + "-images-idx3-ubyte.gz", Idx.IMAGES_MAGIC),
          resource(split + "-labels-idx1-ubyte.gz", Idx.LABELS_MAGIC));
    } catch (IOException e) {
      throw new DataException("bundled MNIST " + split + ": " + e.getMessage(), e);
    }
  }

  private static Idx.Array resource(String name, int magic) throws IOException {
    try (var in = Mnist.class.getResourceAsStream("mnist/" + name)) {
      if (in == null) {
        throw new DataException("bundled resource mnist/" + name + " is missing from the jar");
      }
      return Idx.read(in, "bundled mnist/" + name, magic);
    }
  }

  private static Path find(Path dir, String base) {
    var plain = dir.resolve(base);
    var gz = dir.resolve(base + ".gz");
    if (Files.isRegularFile(gz)) {
      return gz;
    }
    return plain; // Idx.read names it when it is missing too
  }

  static Mnist of(Idx.Array images, Idx.Array labels) {
    if (images.dims().length != 3) {
      throw new DataException(images.source() + ": images must have 3 dimensions (count, rows, cols), found "
          + images.dims().length);
    }
    if (labels.dims().length != 1) {
      throw new DataException(labels.source() + ": labels must have 1 dimension (count), found " + labels.dims().length);
    }
    if (images.dims()[0] != labels.dims()[0]) {
      throw new DataException("image and label counts differ: " + images.source() + " has " + images.dims()[0]
          + " images, " + labels.source() + " has " + labels.dims()[0] + " labels");
    }
    var l = new int[labels.dims()[0]];
    for (int i = 0; i < l.length; i++) {
      l[i] = labels.data()[i] & 0xff;
    }
    return new Mnist(images.data(), l, images.dims()[1], images.dims()[2]);
  }
}
