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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Lists the files under the paths a user gives, following symbolic links (a loop is reported, not
 * followed forever), skipping hidden names and excluded globs, keeping included globs. Globs match
 * the path relative to the folder given; a pattern starting with {@code **}{@code /} also matches
 * at the top level.
 */
public final class FileWalker {
  private final List<PathMatcher> include;
  private final List<PathMatcher> exclude;
  private final boolean skipHidden;

  public FileWalker(IngestConfig config) {
    this.include = matchers(config.include());
    this.exclude = matchers(config.exclude());
    this.skipHidden = config.skipHidden();
  }

  /** The plan for ingesting these paths (files and folders). */
  public IngestPlan plan(List<Path> roots) {
    Set<Path> files = new LinkedHashSet<>();
    List<FileFailure> failures = new ArrayList<>();
    List<String> scopes = new ArrayList<>();
    for (Path root : roots) {
      Path abs = root.toAbsolutePath().normalize();
      if (!Files.exists(abs)) {
        failures.add(new FileFailure(root.toString(), "no such file or folder"));
        continue;
      }
      if (!Files.isDirectory(abs)) {
        files.add(abs);
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
        files.stream()
            .sorted(Comparator.comparing(Path::toString))
            .map(IngestInput::ofFile)
            .toList();
    return new IngestPlan(inputs, failures, scopes);
  }

  private void walk(Path root, Set<Path> files, List<FileFailure> failures) {
    try {
      Files.walkFileTree(
          root,
          EnumSet.of(FileVisitOption.FOLLOW_LINKS),
          Integer.MAX_VALUE,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
              if (dir.equals(root)) {
                return FileVisitResult.CONTINUE;
              }
              Path rel = root.relativize(dir);
              if ((skipHidden && hidden(dir)) || matches(exclude, rel)) {
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
              files.add(file.toAbsolutePath().normalize());
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
