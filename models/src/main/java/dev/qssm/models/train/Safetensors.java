package dev.qssm.models.train;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.qssm.autograd.Tensor;
import dev.qssm.nn.Module;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The safetensors format (8-byte little-endian header length, JSON header of name to dtype, shape
 * and byte offsets, then little-endian data), read and written with PyTorch {@code state_dict}
 * names so weights move between qssm and PyTorch either way. F64 and F32 are supported.
 */
public final class Safetensors {
  private Safetensors() {}

  /** A named array as stored: shape and values (widened to double). */
  public record Entry(int[] shape, double[] values) {}

  public static void write(Path file, Map<String, Tensor> tensors, boolean float32) {
    var entries = new LinkedHashMap<String, Entry>();
    tensors.forEach((k, t) -> entries.put(k, new Entry(t.shape(), t.data())));
    writeEntries(file, entries, float32);
  }

  public static void writeEntries(Path file, Map<String, Entry> entries, boolean float32) {
    int width = float32 ? 4 : 8;
    var header = new JsonObject();
    long off = 0;
    for (var e : entries.entrySet()) {
      var o = new JsonObject();
      o.addProperty("dtype", float32 ? "F32" : "F64");
      var shape = new com.google.gson.JsonArray();
      for (int d : e.getValue().shape()) {
        shape.add(d);
      }
      o.add("shape", shape);
      var offs = new com.google.gson.JsonArray();
      offs.add(off);
      off += (long) e.getValue().values().length * width;
      offs.add(off);
      o.add("data_offsets", offs);
      header.add(e.getKey(), o);
    }
    var json = header.toString().getBytes(StandardCharsets.UTF_8);
    int padded = (json.length + 7) / 8 * 8;
    var buf = ByteBuffer.allocate(Math.toIntExact(8 + padded + off)).order(ByteOrder.LITTLE_ENDIAN);
    buf.putLong(padded);
    buf.put(json);
    for (int i = json.length; i < padded; i++) {
      buf.put((byte) ' ');
    }
    for (var e : entries.values()) {
      for (double v : e.values()) {
        if (float32) {
          buf.putFloat((float) v);
        } else {
          buf.putDouble(v);
        }
      }
    }
    try {
      Files.write(file, buf.array());
    } catch (IOException e) {
      throw new WeightsException(file + ": cannot write: " + e.getMessage(), e);
    }
  }

  public static Map<String, Entry> read(Path file) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new WeightsException(file + ": cannot read: " + e, e);
    }
    var buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    if (bytes.length < 8) {
      throw new WeightsException(file + ": truncated: no header length");
    }
    long n = buf.getLong();
    if (n < 2 || n > bytes.length - 8) {
      throw new WeightsException(file + ": header length " + n + " does not fit a file of " + bytes.length + " bytes");
    }
    JsonObject header;
    try {
      header = JsonParser.parseString(new String(bytes, 8, (int) n, StandardCharsets.UTF_8)).getAsJsonObject();
    } catch (RuntimeException e) {
      throw new WeightsException(file + ": header is not a JSON object: " + e.getMessage(), e);
    }
    int base = 8 + (int) n;
    var out = new LinkedHashMap<String, Entry>();
    for (var name : header.keySet()) {
      if (name.equals("__metadata__")) {
        continue;
      }
      var o = header.getAsJsonObject(name);
      var dtype = o.get("dtype").getAsString();
      int width = switch (dtype) {
        case "F64" -> 8;
        case "F32" -> 4;
        default -> throw new WeightsException(file + ": tensor " + name + ": dtype " + dtype
            + " is not supported (F64 or F32)");
      };
      var sa = o.getAsJsonArray("shape");
      var shape = new int[sa.size()];
      long count = 1;
      for (int i = 0; i < shape.length; i++) {
        shape[i] = sa.get(i).getAsInt();
        count *= shape[i];
      }
      var offs = o.getAsJsonArray("data_offsets");
      long begin = offs.get(0).getAsLong(), end = offs.get(1).getAsLong();
      if (end - begin != count * width || base + end > bytes.length || begin < 0) {
        throw new WeightsException(file + ": tensor " + name + ": data_offsets [" + begin + ", " + end
            + "] do not hold " + count + " " + dtype + " values within the file");
      }
      var v = new double[(int) count];
      var b = ByteBuffer.wrap(bytes, base + (int) begin, (int) (end - begin)).order(ByteOrder.LITTLE_ENDIAN);
      for (int i = 0; i < v.length; i++) {
        v[i] = width == 8 ? b.getDouble() : b.getFloat();
      }
      out.put(name, new Entry(shape, v));
    }
    return out;
  }

  /** Loads {@code file} into {@code model}: every parameter must be present with its exact shape. */
  public static void load(Path file, Module model) {
    var entries = read(file);
    var values = new LinkedHashMap<String, double[]>();
    model.parameters().forEach((name, t) -> {
      var e = entries.get(name);
      if (e == null) {
        throw new WeightsException(file + ": missing tensor " + name + " (shape " + Arrays.toString(t.shape()) + ")");
      }
      if (!Arrays.equals(e.shape(), t.shape())) {
        throw new WeightsException(file + ": tensor " + name + " has shape " + Arrays.toString(e.shape())
            + ", the model needs " + Arrays.toString(t.shape()));
      }
      values.put(name, e.values());
    });
    model.load(values);
  }
}
