package dev.ragserver.model.safetensors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ragserver.model.ModelException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafeTensorsTest {
  @TempDir Path dir;

  private Path write(String header, byte[] data) throws IOException {
    byte[] h = header.getBytes(StandardCharsets.UTF_8);
    ByteBuffer b = ByteBuffer.allocate(8 + h.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
    b.putLong(h.length).put(h).put(data);
    return Files.write(dir.resolve("t.safetensors"), b.array());
  }

  @Test
  void readsF32F16AndBf16AsFloats() throws IOException {
    ByteBuffer data = ByteBuffer.allocate(8 + 4 + 4).order(ByteOrder.LITTLE_ENDIAN);
    data.putFloat(1.5f).putFloat(-2f);
    data.putShort(Float.floatToFloat16(0.5f)).putShort(Float.floatToFloat16(-3f));
    data.putShort((short) (Float.floatToIntBits(0.25f) >>> 16))
        .putShort((short) (Float.floatToIntBits(8f) >>> 16));
    Path file =
        write(
            "{\"__metadata__\":{},\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"b\":{\"dtype\":\"F16\",\"shape\":[1,2],\"data_offsets\":[8,12]},"
                + "\"c\":{\"dtype\":\"BF16\",\"shape\":[2],\"data_offsets\":[12,16]}}",
            data.array());
    SafeTensors t = SafeTensors.read(file);
    assertArrayEquals(new float[] {1.5f, -2f}, t.get("a").values());
    assertArrayEquals(new float[] {0.5f, -3f}, t.get("b").values());
    assertArrayEquals(new long[] {1, 2}, t.get("b").shape());
    assertArrayEquals(new float[] {0.25f, 8f}, t.get("c").values());
  }

  @Test
  void missingTensorListsTheNamesPresent() throws IOException {
    Path file =
        write("{\"weight\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", new byte[4]);
    ModelException e = assertThrows(ModelException.class, () -> SafeTensors.read(file).get("bias"));
    assertTrue(e.getMessage().contains("has no tensor 'bias'; it has [weight]"), e.getMessage());
  }

  @Test
  void truncatedOrForeignFilesAreRejected() throws IOException {
    Path tiny = Files.write(dir.resolve("tiny"), new byte[3]);
    assertThrows(ModelException.class, () -> SafeTensors.read(tiny));
    Path pickle =
        Files.write(
            dir.resolve("x.pt"),
            "PK\u0003\u0004 a torch zip file".getBytes(StandardCharsets.ISO_8859_1));
    ModelException e = assertThrows(ModelException.class, () -> SafeTensors.read(pickle));
    assertTrue(e.getMessage().contains("is not a safetensors file"), e.getMessage());
    Path shortData =
        write("{\"w\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]}}", new byte[8]);
    assertThrows(ModelException.class, () -> SafeTensors.read(shortData));
  }

  @Test
  void unsupportedDtypeIsNamed() throws IOException {
    Path file =
        write("{\"w\":{\"dtype\":\"I8\",\"shape\":[1],\"data_offsets\":[0,1]}}", new byte[1]);
    ModelException e = assertThrows(ModelException.class, () -> SafeTensors.read(file));
    assertTrue(e.getMessage().contains("dtype I8"), e.getMessage());
  }
}
