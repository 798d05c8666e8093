package dev.ragserver.model.safetensors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ragserver.model.ModelException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/**
 * A safetensors file: an 8-byte little-endian header length, a JSON header of {@code name → {dtype,
 * shape, data_offsets}}, then the raw little-endian data. Reads F32, F16, BF16 and F64 tensors as
 * floats.
 */
public final class SafeTensors {
  private static final long MAX_HEADER = 100L << 20;

  private final Path file;
  private final Map<String, Tensor> tensors;

  /**
   * One tensor.
   *
   * @param dtype element type as written in the header
   * @param shape dimensions
   * @param values the values, converted to float, row-major
   */
  @SuppressWarnings("ArrayRecordComponent")
  // arrays on purpose (tensor data as read from the file); a carrier, never compared: identity
  // equality is all it needs
  public record Tensor(String dtype, long[] shape, float[] values) {
    /** Dimension i. */
    public int dim(int i) {
      return (int) shape[i];
    }
  }

  private SafeTensors(Path file, Map<String, Tensor> tensors) {
    this.file = file;
    this.tensors = tensors;
  }

  /** Reads every tensor of a file. */
  public static SafeTensors read(Path file) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new ModelException("cannot read " + file + ": " + e.getMessage(), e);
    }
    ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    if (bytes.length < 8) {
      throw new ModelException(
          file + " is not a safetensors file: only " + bytes.length + " bytes");
    }
    long headerLength = buffer.getLong(0);
    if (headerLength <= 0 || headerLength > MAX_HEADER || 8 + headerLength > bytes.length) {
      throw new ModelException(
          file
              + " is not a safetensors file: header length "
              + headerLength
              + " does not fit its "
              + bytes.length
              + " bytes");
    }
    JsonNode header;
    try {
      header =
          new ObjectMapper()
              .readTree(new String(bytes, 8, (int) headerLength, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new ModelException(
          file + " is not a safetensors file: its header is not JSON: " + e.getMessage(), e);
    }
    int dataStart = 8 + (int) headerLength;
    Map<String, Tensor> tensors = new TreeMap<>();
    Iterator<Map.Entry<String, JsonNode>> fields = header.properties().iterator();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      if (field.getKey().equals("__metadata__")) {
        continue;
      }
      tensors.put(
          field.getKey(), tensor(file, field.getKey(), field.getValue(), buffer, dataStart));
    }
    return new SafeTensors(file, tensors);
  }

  private static Tensor tensor(
      Path file, String name, JsonNode spec, ByteBuffer buffer, int dataStart) {
    String dtype = spec.path("dtype").asText();
    JsonNode shapeNode = spec.path("shape");
    long[] shape = new long[shapeNode.size()];
    long count = 1;
    for (int i = 0; i < shape.length; i++) {
      shape[i] = shapeNode.get(i).asLong();
      count *= shape[i];
    }
    long begin = spec.path("data_offsets").path(0).asLong(-1);
    long end = spec.path("data_offsets").path(1).asLong(-1);
    int width =
        switch (dtype) {
          case "F32" -> 4;
          case "F16", "BF16" -> 2;
          case "F64" -> 8;
          default ->
              throw new ModelException(
                  file
                      + " tensor '"
                      + name
                      + "' has dtype "
                      + dtype
                      + "; supported: F32, F16, BF16, F64");
        };
    if (begin < 0
        || end < begin
        || dataStart + end > buffer.capacity()
        || end - begin != count * width) {
      throw new ModelException(
          file
              + " tensor '"
              + name
              + "' has data_offsets ["
              + begin
              + ", "
              + end
              + "] that do not hold "
              + count
              + " values of "
              + dtype);
    }
    float[] values = new float[(int) count];
    int at = dataStart + (int) begin;
    for (int i = 0; i < values.length; i++) {
      values[i] =
          switch (dtype) {
            case "F32" -> buffer.getFloat(at + 4 * i);
            case "F64" -> (float) buffer.getDouble(at + 8 * i);
            case "F16" -> Float.float16ToFloat(buffer.getShort(at + 2 * i));
            default -> Float.intBitsToFloat((buffer.getShort(at + 2 * i) & 0xffff) << 16);
          };
    }
    return new Tensor(dtype, shape, values);
  }

  /** The tensor called {@code name}; fails listing the names the file has. */
  public Tensor get(String name) {
    Tensor t = tensors.get(name);
    if (t == null) {
      throw new ModelException(file + " has no tensor '" + name + "'; it has " + tensors.keySet());
    }
    return t;
  }
}
