package dev.qssm.models.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Reads IDX files of unsigned bytes (MNIST, Fashion-MNIST, KMNIST), plain or gzip-compressed
 * (detected from the content, not the name).
 */
public final class Idx {
  public static final int IMAGES_MAGIC = 2051;
  public static final int LABELS_MAGIC = 2049;

  private Idx() {}

  /** An IDX array: its dimensions and its bytes, row-major. */
  public record Array(String source, int[] dims, byte[] data) {}

  /** Reads {@code file}, which must carry {@code magic} (2051 images, 2049 labels). */
  public static Array read(Path file, int magic) {
    if (!Files.isRegularFile(file)) {
      throw new DataException(file + ": no such file");
    }
    try (var in = Files.newInputStream(file)) {
      return read(in, file.toString(), magic);
    } catch (NoSuchFileException e) {
      throw new DataException(file + ": no such file", e);
    } catch (IOException e) {
      throw new DataException(file + ": cannot read: " + e.getMessage(), e);
    }
  }

  /** Reads an IDX stream named {@code source} (for messages). */
  public static Array read(InputStream raw, String source, int magic) throws IOException {
    var buffered = new BufferedInputStream(raw);
    buffered.mark(2);
    int b0 = buffered.read(), b1 = buffered.read();
    buffered.reset();
    InputStream in = b0 == 0x1f && b1 == 0x8b ? new GZIPInputStream(buffered, 1 << 16) : buffered;
    var data = new DataInputStream(new BufferedInputStream(in, 1 << 16));
    int found;
    try {
      found = data.readInt();
    } catch (EOFException e) {
      throw new DataException(source + ": truncated: file ends inside the header (magic number)");
    }
    if (found != magic) {
      throw new DataException(source + ": wrong magic number " + found + " (expected " + magic
          + (magic == IMAGES_MAGIC ? ", an images file" : ", a labels file") + ")");
    }
    int rank = found & 0xff;
    if ((found >> 8 & 0xff) != 0x08) {
      throw new DataException(source + ": element type " + (found >> 8 & 0xff) + " is not unsigned byte (8)");
    }
    var dims = new int[rank];
    long size = 1;
    for (int i = 0; i < rank; i++) {
      try {
        dims[i] = data.readInt();
      } catch (EOFException e) {
        throw new DataException(source + ": truncated: file ends inside the header (dimension " + i + ")");
      }
      if (dims[i] < 0) {
        throw new DataException(source + ": negative dimension " + i + ": " + dims[i]);
      }
      size *= dims[i];
    }
    if (size > Integer.MAX_VALUE - 16) {
      throw new DataException(source + ": " + size + " items is too large");
    }
    var bytes = new byte[(int) size];
    int got = data.readNBytes(bytes, 0, bytes.length);
    if (got < bytes.length) {
      throw new DataException(source + ": truncated: header declares " + bytes.length + " data bytes ("
          + (rank > 0 ? dims[0] + " items" : "") + "), file has " + got);
    }
    return new Array(source, dims, bytes);
  }
}
