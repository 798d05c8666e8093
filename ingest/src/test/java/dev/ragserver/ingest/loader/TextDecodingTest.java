package dev.ragserver.ingest.loader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TextDecodingTest {
  private static final String MIXED = "Retrieval 检索增强生成 works — naïve café.\n";

  @Test
  void utf8WithAndWithoutByteOrderMark() {
    assertEquals(MIXED, TextDecoding.decode(MIXED.getBytes(StandardCharsets.UTF_8)));
    byte[] bom =
        concat(
            new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF},
            MIXED.getBytes(StandardCharsets.UTF_8));
    assertEquals(MIXED, TextDecoding.decode(bom), "the mark is not part of the text");
  }

  @Test
  void utf16WithAByteOrderMarkOrRecognisedByItsZeroBytes() {
    assertEquals(
        MIXED,
        TextDecoding.decode(MIXED.getBytes(StandardCharsets.UTF_16)),
        "UTF-16 writes a BE mark");
    byte[] le =
        concat(new byte[] {(byte) 0xFF, (byte) 0xFE}, MIXED.getBytes(StandardCharsets.UTF_16LE));
    assertEquals(MIXED, TextDecoding.decode(le));
    String english = "Plain English text without a byte-order mark.\n";
    assertEquals(english, TextDecoding.decode(english.getBytes(StandardCharsets.UTF_16LE)));
    assertEquals(english, TextDecoding.decode(english.getBytes(StandardCharsets.UTF_16BE)));
  }

  @Test
  void gb18030ChineseIsRecognised() {
    String chinese = "检索增强生成把检索到的文档片段交给大模型。第二句话在这里！";
    assertEquals(chinese, TextDecoding.decode(chinese.getBytes(Charset.forName("GB18030"))));
  }

  @Test
  void invalidUtf8ThatIsNotChineseEitherIsRefusedWithTheOffset() {
    byte[] latin1 =
        "caf\u00e9 au lait, cr\u00e8me br\u00fbl\u00e9e".getBytes(StandardCharsets.ISO_8859_1);
    LoadException e = assertThrows(LoadException.class, () -> TextDecoding.decode(latin1));
    assertTrue(
        e.getMessage().contains("not valid UTF-8 (first bad byte at offset 3)"), e.getMessage());
  }

  @Test
  void randomBinaryIsRefusedAsBinary() {
    byte[] random = new byte[4096];
    new Random(7).nextBytes(random);
    LoadException e = assertThrows(LoadException.class, () -> TextDecoding.decode(random));
    assertTrue(
        e.getMessage().contains("binary") || e.getMessage().contains("not valid UTF-8"),
        e.getMessage());
    byte[] controls = new byte[200];
    for (int i = 0; i < controls.length; i++) {
      controls[i] = (byte) (i % 2 == 0 ? 'a' : 0x01);
    }
    assertTrue(
        assertThrows(LoadException.class, () -> TextDecoding.decode(controls))
            .getMessage()
            .contains("binary"));
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = new byte[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
