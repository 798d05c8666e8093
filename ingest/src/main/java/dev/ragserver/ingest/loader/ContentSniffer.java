package dev.ragserver.ingest.loader;

import dev.ragserver.ingest.document.DocumentType;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Tells a file's type from its first bytes (magic numbers, an HTML prologue); the file name only
 * decides between text formats that look alike (Markdown vs plain text).
 */
public final class ContentSniffer {
  private ContentSniffer() {}

  /** The type of this content. */
  public static DocumentType detect(byte[] bytes, String fileName) {
    if (startsWith(bytes, 0, "%PDF-") || pdfAfterJunk(bytes)) {
      return DocumentType.PDF;
    }
    if (imageFormat(bytes) != null) {
      return DocumentType.IMAGE;
    }
    String name = fileName == null ? "" : fileName.toLowerCase(Locale.ROOT);
    if (looksLikeHtml(bytes)
        || name.endsWith(".html")
        || name.endsWith(".htm")
        || name.endsWith(".xhtml")) {
      return DocumentType.HTML;
    }
    if (name.endsWith(".md") || name.endsWith(".markdown") || name.endsWith(".mdx")) {
      return DocumentType.MARKDOWN;
    }
    return DocumentType.TEXT;
  }

  /** The image format these bytes start with (png, jpeg, gif, bmp, webp), or null. */
  public static String imageFormat(byte[] b) {
    if (b.length >= 8 && (b[0] & 0xff) == 0x89 && startsWith(b, 1, "PNG\r\n")) {
      return "png";
    }
    if (b.length >= 3 && (b[0] & 0xff) == 0xFF && (b[1] & 0xff) == 0xD8 && (b[2] & 0xff) == 0xFF) {
      return "jpeg";
    }
    if (startsWith(b, 0, "GIF87a") || startsWith(b, 0, "GIF89a")) {
      return "gif";
    }
    if (startsWith(b, 0, "RIFF") && startsWith(b, 8, "WEBP")) {
      return "webp";
    }
    if (startsWith(b, 0, "BM") && b.length >= 18) {
      int header =
          (b[14] & 0xff) | (b[15] & 0xff) << 8 | (b[16] & 0xff) << 16 | (b[17] & 0xff) << 24;
      if (header == 12
          || header == 40
          || header == 52
          || header == 56
          || header == 64
          || header == 108
          || header == 124) {
        return "bmp";
      }
    }
    return null;
  }

  private static boolean pdfAfterJunk(byte[] b) {
    // the PDF header may follow up to 1024 bytes of junk (ISO 32000, implementation note)
    int limit = Math.min(b.length - 5, 1024);
    for (int i = 1; i < limit; i++) {
      if (b[i] == '%' && startsWith(b, i, "%PDF-")) {
        return true;
      }
    }
    return false;
  }

  private static boolean looksLikeHtml(byte[] bytes) {
    int n = Math.min(bytes.length, 1024);
    String head = new String(bytes, 0, n, StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
    int i = 0;
    if (head.startsWith("\u00ef\u00bb\u00bf")) {
      i = 3;
    }
    while (i < head.length() && Character.isWhitespace(head.charAt(i))) {
      i++;
    }
    String start = head.substring(i);
    if (start.startsWith("<!doctype html") || start.startsWith("<html")) {
      return true;
    }
    return start.startsWith("<") && (head.contains("<head") || head.contains("<body"));
  }

  private static boolean startsWith(byte[] b, int at, String ascii) {
    if (b.length < at + ascii.length()) {
      return false;
    }
    for (int i = 0; i < ascii.length(); i++) {
      if (b[at + i] != (byte) ascii.charAt(i)) {
        return false;
      }
    }
    return true;
  }
}
