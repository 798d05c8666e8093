package dev.ragserver.api.embeddings;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ragserver.api.json.ApiJson;
import org.junit.jupiter.api.Test;

class EmbeddingsResponseTest {
  private static final ObjectMapper JSON = ApiJson.builder().build();

  @Test
  void aVectorReadsTheSameInEitherEncoding() throws Exception {
    // 1.0f, -2.5f as little-endian float32: 00 00 80 3f, 00 00 20 c0
    String base64 =
        java.util.Base64.getEncoder()
            .encodeToString(new byte[] {0, 0, (byte) 0x80, 0x3f, 0, 0, 0x20, (byte) 0xc0});
    EmbeddingsResponse.Item fromBase64 =
        JSON.readValue(
            "{\"object\":\"embedding\",\"index\":0,\"embedding\":\"" + base64 + "\"}",
            EmbeddingsResponse.Item.class);
    EmbeddingsResponse.Item fromFloats =
        JSON.readValue(
            "{\"object\":\"embedding\",\"index\":0,\"embedding\":[1.0,-2.5]}",
            EmbeddingsResponse.Item.class);
    assertArrayEquals(new float[] {1f, -2.5f}, fromBase64.vector());
    assertArrayEquals(new float[] {1f, -2.5f}, fromFloats.vector());
    assertNull(
        JSON.readValue("{\"object\":\"embedding\",\"index\":0}", EmbeddingsResponse.Item.class)
            .vector());
  }
}
