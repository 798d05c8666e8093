package dev.ragserver.server.http;

import dev.ragserver.ingest.job.IngestInput;
import dev.ragserver.ingest.job.IngestPlan;
import io.javalin.http.Context;
import io.javalin.http.UploadedFile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Multipart uploads (field {@code file}, repeatable) saved to a private temporary folder under the
 * data folder, as an ingest plan: each file's document id and source are its file name (uploading
 * the same name again replaces that document). On disk each file gets a name of the server's own
 * ({@code 1.pdf}, {@code 2.md}: the position and the client's extension), so no client name reaches
 * the file system. The folder is deleted when its job ends, when saving fails, and, for leftovers
 * of a crash, when the server starts ({@link #sweep}).
 */
public final class Uploads {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Uploads.class);

  private Uploads() {}

  /** Whether the request is a multipart upload. */
  public static boolean isMultipart(Context ctx) {
    String type = ctx.contentType();
    return type != null
        && type.toLowerCase(java.util.Locale.ROOT).startsWith("multipart/form-data");
  }

  /**
   * The uploaded files as a plan, and the folder they were saved in.
   *
   * @param plan files to ingest
   * @param folder the temporary folder to delete once they are ingested
   */
  public record Saved(IngestPlan plan, Path folder) {}

  /** The folder under the data folder where uploads wait for their job. */
  private static Path area(Path dataDir) {
    return dataDir.resolve(".uploads");
  }

  /** Deletes what earlier runs left in the upload area (their jobs ended with the process). */
  public static void sweep(Path dataDir) {
    dev.ragserver.server.engine.Folders.deleteTree(area(dataDir));
  }

  /**
   * Saves the request's files; 400 without files or for a malformed multipart body, 413 over the
   * file-count or size limit.
   */
  public static Saved save(Context ctx, Path dataDir, int maxFiles) {
    List<UploadedFile> files = parts(ctx);
    if (files.isEmpty()) {
      throw ApiException.badField(
          "file", "a multipart upload needs at least one part named \"file\"");
    }
    if (files.size() > maxFiles) {
      throw ApiException.tooLarge(
          "an upload may hold at most "
              + maxFiles
              + " files (server.max_files_per_upload), got: "
              + files.size());
    }
    Path folder = area(dataDir).resolve(UUID.randomUUID().toString());
    boolean saved = false;
    try {
      Files.createDirectories(folder);
      List<IngestInput> inputs = new ArrayList<>();
      Set<String> names = new HashSet<>();
      for (UploadedFile f : files) {
        String name = safeName(f.filename(), inputs.size());
        if (!names.add(name)) {
          throw ApiException.badField(
              "file", "two uploaded files are named \"" + name + "\"; names are document ids");
        }
        Path target = folder.resolve((inputs.size() + 1) + extension(name));
        try (InputStream in = f.content()) {
          Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        }
        inputs.add(new IngestInput(target, name, name));
      }
      saved = true;
      return new Saved(new IngestPlan(inputs, List.of(), List.of()), folder);
    } catch (IOException e) {
      // the message of a file-system error names server paths: the log has it, the client not
      LOG.error("cannot save an upload to {}", folder, e);
      throw ApiException.unavailable("the server cannot store the upload; see its log");
    } finally {
      if (!saved) {
        delete(folder);
      }
    }
  }

  /** The request's file parts; a multipart body that cannot be parsed is the client's error. */
  private static List<UploadedFile> parts(Context ctx) {
    return reading(ctx, () -> ctx.uploadedFiles("file"));
  }

  /**
   * Reads a multipart body: a body that cannot be parsed answers 400, one over the size limit 413
   * (Jetty's own exceptions would be a 500). Either way the rest of the body is unread, so the
   * answer says {@code Connection: close}: a client must not send its next request on a connection
   * the server then closes.
   */
  public static <T> T reading(Context ctx, java.util.function.Supplier<T> read) {
    try {
      return read.get();
    } catch (ApiException e) {
      throw e;
    } catch (Exception e) { // Jetty's ServletException arrives unchecked through Javalin
      ctx.header("Connection", "close");
      ApiException slow = MinimumBodyRate.refusal(e);
      if (slow != null) {
        throw slow;
      }
      if (isTooLarge(e)) {
        throw ApiException.tooLarge("the upload is larger than server.max_request_bytes");
      }
      LOG.debug("unreadable multipart body", e);
      throw ApiException.badRequest(
          "the multipart body cannot be read (a missing or wrong boundary, or a truncated"
              + " part): send multipart/form-data with parts named \"file\"");
    }
  }

  /** Whether Jetty refused a body for its size (it says so only in its messages). */
  private static boolean isTooLarge(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      String m = t.getMessage();
      if (m != null
          && (m.contains("exceeds max")
              || m.contains("too large")
              || m.contains("max file size")
              || m.contains("Request exceeds")
              || m.contains("max length exceeded")
              || m.contains("413"))) {
        return true;
      }
    }
    return false;
  }

  /** The name's extension ({@code .pdf}), when it is short and plain; else none. */
  static String extension(String name) {
    int dot = name.lastIndexOf('.');
    if (dot < 0) {
      return "";
    }
    String ext = name.substring(dot);
    return ext.length() <= 16 && ext.matches("\\.[A-Za-z0-9]+") ? ext : "";
  }

  /** Deletes a folder of saved uploads (quietly: a leftover temporary folder is harmless). */
  public static void delete(Path folder) {
    dev.ragserver.server.engine.Folders.deleteTree(folder);
  }

  /** The last path segment of a client's file name, without control characters. */
  static String safeName(String filename, int index) {
    String name = filename == null ? "" : filename.replace('\\', '/');
    name = name.substring(name.lastIndexOf('/') + 1).replaceAll("[\\p{Cntrl}]", "").strip();
    if (name.isEmpty() || name.equals(".") || name.equals("..")) {
      name = "upload-" + (index + 1);
    }
    return name.length() > 200 ? name.substring(name.length() - 200) : name;
  }
}
