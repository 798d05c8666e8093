package dev.ragserver.client;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLConnection;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

/** A {@code multipart/form-data} body of files (parts named {@code file}) and form fields. */
final class Multipart {
  private final String boundary = "rag-" + UUID.randomUUID();
  private final ByteArrayOutputStream body = new ByteArrayOutputStream();

  /** The body of these files, each a part named {@code part}. */
  static Multipart ofFiles(String part, List<Path> files) {
    if (files.isEmpty()) {
      throw new IllegalArgumentException("an upload needs at least one file, got none");
    }
    Multipart m = new Multipart();
    for (Path f : files) {
      byte[] bytes;
      try {
        bytes = Files.readAllBytes(f);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + f + ": " + e.getMessage(), e);
      }
      m.file(part, f.getFileName().toString(), bytes);
    }
    return m;
  }

  /** Adds a file part. */
  Multipart file(String part, String fileName, byte[] bytes) {
    String type = URLConnection.guessContentTypeFromName(fileName);
    head(
        "Content-Disposition: form-data; name=\""
            + part
            + "\"; filename=\""
            + quoted(fileName)
            + "\"\r\nContent-Type: "
            + (type == null ? "application/octet-stream" : type));
    body.writeBytes(bytes);
    body.writeBytes(CRLF);
    return this;
  }

  /** Adds a form field. */
  Multipart field(String name, String value) {
    head("Content-Disposition: form-data; name=\"" + name + "\"");
    body.writeBytes(value.getBytes(StandardCharsets.UTF_8));
    body.writeBytes(CRLF);
    return this;
  }

  /** The {@code Content-Type} header's value. */
  String contentType() {
    return "multipart/form-data; boundary=" + boundary;
  }

  /** The body's bytes, closing boundary included. */
  byte[] bytes() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(body.toByteArray());
    out.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    return out.toByteArray();
  }

  private void head(String headers) {
    body.writeBytes(
        ("--" + boundary + "\r\n" + headers + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
  }

  private static String quoted(String s) {
    return s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\r", "").replace("\n", "");
  }

  private static final byte[] CRLF = {'\r', '\n'};
}
