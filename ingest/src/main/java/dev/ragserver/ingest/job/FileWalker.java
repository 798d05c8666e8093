package dev.ragserver.ingest.job;

import dev.ragserver.config.IngestConfig;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Lists the files under the paths a user gives, following symbolic links (a loop is reported, not
 * followed forever), skipping hidden names and excluded globs, keeping included globs. Globs match
 * the path relative to the folder given; a pattern starting with {@code **}{@code /} also matches
 * at the top level.
 *
 * <p>A file's document id and source are its path relative to the folder given, the folder's own
 * name first, with {@code /} separators ({@code samples/lighthouses.md}; a file given on its own is
 * its name), after an optional id prefix: the same folder ingested from another checkout or mount
 * keeps its ids, and citations name no server path. Two files that would get the same id (two
 * folders of the same name) are reported; an id prefix per folder tells them apart.
 *
 * <p>A walker {@linkplain #within confined} to folders (the server's {@code server.ingest_roots})
 * resolves every file and folder it reaches to its real path: a symbolic link that leads outside
 * them is reported for that file and skipped, and each file is read at its real path (its id and
 * source stay those of the path as walked), so the link itself swapped after the walk cannot lead
 * out.
 */
public final class FileWalker {
  private static final String OUTSIDE =
      "a symbolic link leads outside the folders the server may read (server.ingest_roots), so"
          + " it was skipped";

  private final List<PathMatcher> include;
  private final List<PathMatcher> exclude;
  private final boolean skipHidden;
  private final List<Path> confinedTo;

  /** A walker that follows links wherever they lead (the CLI: the user's own files). */
  public FileWalker(IngestConfig config) {
    this(config, List.of());
  }

  private FileWalker(IngestConfig config, List<Path> confinedTo) {
    this.include = matchers(config.include());
    this.exclude = matchers(config.exclude());
    this.skipHidden = config.skipHidden();
    this.confinedTo = List.copyOf(confinedTo);
  }

  /**
   * A walker that only reads files whose real path lies in one of these folders (themselves real
   * paths).
   */
  public static FileWalker within(IngestConfig config, List<Path> realRoots) {
    if (realRoots.isEmpty()) {
      throw new IllegalArgumentException("a confined walker needs at least one folder");
    }
    return new FileWalker(config, realRoots);
  }

  /** The real path of a file or folder, or null when it lies outside the confining folders. */
  private Path allowed(Path p) throws IOException {
    Path real = p.toRealPath();
    for (Path root : confinedTo) {
      if (real.startsWith(root)) {
        return real;
      }
    }
    return null;
  }

  /** The plan for ingesting these paths (files and folders), ids without a prefix. */
  public IngestPlan plan(List<Path> roots) {
    return plan(roots, "");
  }

  /**
   * The plan for ingesting these paths (files and folders).
   *
   * @param idPrefix put before every document id and source ("" for none), e.g. {@code team-a/}
   */
  public IngestPlan plan(List<Path> roots, String idPrefix) {
    if (idPrefix == null || idPrefix.startsWith("/") || idPrefix.contains("\\")) {
      throw new IllegalArgumentException(
          "id prefix must be a relative name such as team-a/ (no leading / or \\), got: "
              + idPrefix);
    }
    Map<String, IngestInput> inputs = new LinkedHashMap<>();
    List<FileFailure> failures = new ArrayList<>();
    List<String> scopes = new ArrayList<>();
    for (Path root : roots) {
      Path abs = root.toAbsolutePath().normalize();
      Path base = abs.getParent() == null ? abs : abs.getParent();
      Map<Path, Path> files = new LinkedHashMap<>();
      List<FileFailure> found = new ArrayList<>();
      if (!Files.exists(abs)) {
        failures.add(new FileFailure(root.toString(), "no such file or folder"));
        continue;
      }
      if (Files.isDirectory(abs)) {
        scopes.add(id(idPrefix, base, abs) + "/");
        walk(abs, files, found);
      } else {
        scopes.add(id(idPrefix, base, abs));
        add(abs, files, found);
      }
      for (FileFailure f : found) {
        failures.add(new FileFailure(id(idPrefix, base, Path.of(f.path())), f.reason()));
      }
      for (Map.Entry<Path, Path> f : files.entrySet()) {
        String id = id(idPrefix, base, f.getKey());
        IngestInput earlier = inputs.putIfAbsent(id, new IngestInput(f.getValue(), id, id));
        if (earlier != null && !earlier.file().equals(f.getValue())) {
          failures.add(
              new FileFailure(
                  id,
                  "another folder given to this job has a file with the same id; ingest the"
                      + " folders with different id prefixes (--id-prefix, id_prefix)"));
        }
      }
    }
    List<IngestInput> sorted =
        inputs.values().stream().sorted(Comparator.comparing(IngestInput::documentId)).toList();
    return new IngestPlan(sorted, failures, scopes);
  }

  /** The id of a walked path: the prefix, then its path below {@code base} with / separators. */
  private static String id(String prefix, Path base, Path p) {
    Path rel = p.isAbsolute() ? base.relativize(p.normalize()) : p;
    StringBuilder b = new StringBuilder(prefix);
    for (int i = 0; i < rel.getNameCount(); i++) {
      if (i > 0) {
        b.append('/');
      }
      b.append(rel.getName(i));
    }
    return b.isEmpty() ? p.toString() : b.toString();
  }

  /** Adds a file (absolute, normalised) read at its real path when confined; else a failure. */
  private void add(Path file, Map<Path, Path> files, List<FileFailure> failures) {
    if (confinedTo.isEmpty()) {
      files.put(file, file);
      return;
    }
    try {
      Path real = allowed(file);
      if (real == null) {
        failures.add(new FileFailure(file.toString(), OUTSIDE));
      } else {
        files.put(file, real);
      }
    } catch (IOException e) {
      failures.add(new FileFailure(file.toString(), reason(e)));
    }
  }

  private void walk(Path root, Map<Path, Path> files, List<FileFailure> failures) {
    try {
      Files.walkFileTree(
          root,
          EnumSet.of(FileVisitOption.FOLLOW_LINKS),
          Integer.MAX_VALUE,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs)
                throws IOException {
              if (dir.equals(root)) {
                return FileVisitResult.CONTINUE;
              }
              Path rel = root.relativize(dir);
              if ((skipHidden && hidden(dir)) || matches(exclude, rel)) {
                return FileVisitResult.SKIP_SUBTREE;
              }
              if (!confinedTo.isEmpty() && allowed(dir) == null) {
                failures.add(new FileFailure(dir.toString(), OUTSIDE));
                return FileVisitResult.SKIP_SUBTREE;
              }
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
              Path rel = root.relativize(file);
              if (!attrs.isRegularFile()
                  || (skipHidden && hidden(file))
                  || matches(exclude, rel)
                  || (!include.isEmpty() && !matches(include, rel))) {
                return FileVisitResult.CONTINUE;
              }
              add(file.toAbsolutePath().normalize(), files, failures);
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
              failures.add(new FileFailure(file.toString(), reason(e)));
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException e) {
      failures.add(new FileFailure(root.toString(), reason(e)));
    }
  }

  /** A person's reason for an I/O failure. */
  public static String reason(IOException e) {
    if (e instanceof FileSystemLoopException) {
      return "symbolic link loop: this folder links back to a folder above it, so it was not followed";
    }
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof NoSuchFileException) {
      return "no such file (a broken symbolic link, or deleted while the job ran)";
    }
    return "cannot read: "
        + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
  }

  private static boolean hidden(Path p) {
    Path name = p.getFileName();
    return name != null && name.toString().startsWith(".");
  }

  private static boolean matches(List<PathMatcher> matchers, Path rel) {
    for (PathMatcher m : matchers) {
      if (m.matches(rel)) {
        return true;
      }
    }
    return false;
  }

  private static List<PathMatcher> matchers(List<String> globs) {
    List<PathMatcher> out = new ArrayList<>();
    for (String g : globs) {
      out.add(FileSystems.getDefault().getPathMatcher("glob:" + g));
      if (g.startsWith("**/")) {
        out.add(FileSystems.getDefault().getPathMatcher("glob:" + g.substring(3)));
      }
    }
    return out;
  }
}
