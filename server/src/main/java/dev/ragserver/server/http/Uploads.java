package dev.ragserver.server.http;

import dev.ragserver.ingest.job.IngestInput;
import dev.ragserver.ingest.job.IngestPlan;
import io.javalin.http.Context;
import io.javalin.http.UploadedFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
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
 * the same name again replaces that document).
 */
public final class Uploads {
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

  /** Saves the request's files; 400 without files, 413 over the file-count limit. */
  public static Saved save(Context ctx, Path dataDir, int maxFiles) {
    List<UploadedFile> files = ctx.uploadedFiles("file");
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
    Path folder = dataDir.resolve(".uploads").resolve(UUID.randomUUID().toString());
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
        Path target = folder.resolve(name);
        try (InputStream in = f.content()) {
          Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        }
        inputs.add(new IngestInput(target, name, name));
      }
      return new Saved(new IngestPlan(inputs, List.of(), List.of()), folder);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot save the upload: " + e.getMessage(), e);
    }
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
