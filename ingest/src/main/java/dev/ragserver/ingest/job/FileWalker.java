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
 * <p>A walker {@linkplain #within confined} to folders (the server's {@code server.ingest_roots})
 * resolves every file and folder it reaches to its real path: a symbolic link that leads outside
 * them is reported for that file and skipped, and each file is read at its real path (its id and
 * source stay the path as walked), so the link itself swapped after the walk cannot lead out.
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

  /** The plan for ingesting these paths (files and folders). */
  public IngestPlan plan(List<Path> roots) {
    Map<Path, Path> files = new LinkedHashMap<>();
    List<FileFailure> failures = new ArrayList<>();
    List<String> scopes = new ArrayList<>();
    for (Path root : roots) {
      Path abs = root.toAbsolutePath().normalize();
      if (!Files.exists(abs)) {
        failures.add(new FileFailure(root.toString(), "no such file or folder"));
        continue;
      }
      if (!Files.isDirectory(abs)) {
        add(abs, files, failures);
        scopes.add(abs.toString());
        continue;
      }
      scopes.add(
          abs.toString().endsWith(abs.getFileSystem().getSeparator())
              ? abs.toString()
              : abs + abs.getFileSystem().getSeparator());
      walk(abs, files, failures);
    }
    List<IngestInput> inputs =
        files.keySet().stream()
            .sorted(Comparator.comparing(Path::toString))
            .map(p -> new IngestInput(files.get(p), p.toString(), p.toString()))
            .toList();
    return new IngestPlan(inputs, failures, scopes);
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
