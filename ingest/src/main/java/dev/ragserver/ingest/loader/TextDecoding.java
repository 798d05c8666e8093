package dev.ragserver.ingest.loader;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Decodes text files of unknown encoding: a byte-order mark wins; then strict UTF-8; then UTF-16
 * without a mark (recognised by its zero bytes); then GB18030 when the result reads as Chinese.
 * Anything else, and anything that decodes to control characters, is refused: a wrongly decoded
 * file would index garbage.
 */
public final class TextDecoding {
  private static final Charset GB18030 = Charset.forName("GB18030");

  private TextDecoding() {}

  /** The decoded text, without a byte-order mark. */
  public static String decode(byte[] b) {
    if (b.length >= 3 && (b[0] & 0xff) == 0xEF && (b[1] & 0xff) == 0xBB && (b[2] & 0xff) == 0xBF) {
      return checked(strict(StandardCharsets.UTF_8, b, 3), "UTF-8");
    }
    if (b.length >= 2 && (b[0] & 0xff) == 0xFF && (b[1] & 0xff) == 0xFE) {
      return checked(strict(StandardCharsets.UTF_16LE, b, 2), "UTF-16LE");
    }
    if (b.length >= 2 && (b[0] & 0xff) == 0xFE && (b[1] & 0xff) == 0xFF) {
      return checked(strict(StandardCharsets.UTF_16BE, b, 2), "UTF-16BE");
    }
    Charset utf16 = utf16WithoutMark(b);
    if (utf16 != null) {
      String s = strict(utf16, b, 0);
      if (s != null) {
        return checked(s, utf16.name());
      }
    }
    String utf8 = strict(StandardCharsets.UTF_8, b, 0);
    if (utf8 != null) {
      return checked(utf8, "UTF-8");
    }
    String gb = strict(GB18030, b, 0);
    if (gb != null && readsAsChinese(gb)) {
      return checked(gb, "GB18030");
    }
    throw new LoadException(
        "not valid UTF-8 (first bad byte at offset "
            + firstBadUtf8(b)
            + "), and not UTF-16 or GB18030 text either: save it as UTF-8 or check that it is text");
  }

  private static String checked(String text, String charset) {
    if (text == null) {
      throw new LoadException(
          "the file starts with a " + charset + " byte-order mark but is not valid " + charset);
    }
    long control = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if ((c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f' && c != 0x1b)
          || c == 0x7f) {
        control++;
      }
    }
    if (control > 0 && control * 100 > text.length()) {
      throw new LoadException(
          "looks like binary data, not text ("
              + control
              + " control characters in "
              + text.length()
              + " decoded as "
              + charset
              + ")");
    }
    return text;
  }

  private static Charset utf16WithoutMark(byte[] b) {
    int n = Math.min(b.length, 4096) & ~1;
    if (n < 4) {
      return null;
    }
    int evenZeros = 0;
    int oddZeros = 0;
    for (int i = 0; i < n; i += 2) {
      if (b[i] == 0) {
        evenZeros++;
      }
      if (b[i + 1] == 0) {
        oddZeros++;
      }
    }
    int pairs = n / 2;
    if (oddZeros * 10 > pairs * 4 && evenZeros * 10 < pairs) {
      return StandardCharsets.UTF_16LE;
    }
    if (evenZeros * 10 > pairs * 4 && oddZeros * 10 < pairs) {
      return StandardCharsets.UTF_16BE;
    }
    return null;
  }

  private static boolean readsAsChinese(String s) {
    int nonAscii = 0;
    int cjk = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        continue;
      }
      nonAscii++;
      if ((c >= 0x4E00 && c <= 0x9FFF)
          || (c >= 0x3000 && c <= 0x303F)
          || (c >= 0xFF00 && c <= 0xFFEF)
          || (c >= 0x3400 && c <= 0x4DBF)) {
        cjk++;
      }
    }
    return nonAscii > 0 && cjk * 10 >= nonAscii * 8;
  }

  private static String strict(Charset charset, byte[] b, int from) {
    CharsetDecoder decoder =
        charset
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    try {
      return decoder.decode(ByteBuffer.wrap(b, from, b.length - from)).toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }

  private static int firstBadUtf8(byte[] b) {
    int i = 0;
    while (i < b.length) {
      int c = b[i] & 0xff;
      int extra =
          c < 0x80
              ? 0
              : c >= 0xC2 && c < 0xE0
                  ? 1
                  : c >= 0xE0 && c < 0xF0 ? 2 : c >= 0xF0 && c < 0xF5 ? 3 : -1;
      if (extra < 0) {
        return i;
      }
      for (int k = 1; k <= extra; k++) {
        if (i + k >= b.length || (b[i + k] & 0xC0) != 0x80) {
          return i;
        }
      }
      i += extra + 1;
    }
    return b.length;
  }
}
