package dev.ragserver.server.cli;

import dev.ragserver.ingest.job.FileFailure;
import dev.ragserver.ingest.job.JobStatus;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Shows a job's progress: on a terminal a live bar redrawn in place; otherwise one log line every
 * 10 seconds. Then a summary with every failed file and its reason.
 */
final class ProgressPrinter implements AutoCloseable {
  private static final int WIDTH = 28;
  private final Supplier<JobStatus> status;
  private final PrintWriter err;
  private final boolean terminal;
  private final Thread thread;
  private volatile boolean stopped;

  ProgressPrinter(Supplier<JobStatus> status, PrintWriter err, boolean terminal) {
    this.status = status;
    this.err = err;
    this.terminal = terminal;
    this.thread = new Thread(this::loop, "ingest-progress");
    this.thread.setDaemon(true);
  }

  ProgressPrinter start() {
    thread.start();
    return this;
  }

  /**
   * Whether standard error is an interactive terminal: {@code System.console()} is null off a
   * terminal up to JDK 21 (the release this builds for), and on JDK 22+, where it no longer is,
   * {@code Console.isTerminal()} (called reflectively, as release 21 lacks it) says so.
   */
  @SuppressWarnings(
      "SystemConsoleNull") // the null check is the JDK 21 answer; isTerminal is the 22+ one
  static boolean isTerminal() {
    java.io.Console console = System.console();
    if (console == null) {
      return false;
    }
    try {
      return (boolean) java.io.Console.class.getMethod("isTerminal").invoke(console);
    } catch (ReflectiveOperationException e) {
      return true;
    }
  }

  private void loop() {
    long every = terminal ? 250 : 10_000;
    while (!stopped) {
      try {
        Thread.sleep(every);
      } catch (InterruptedException e) {
        return;
      }
      if (stopped) {
        return;
      }
      JobStatus s = status.get();
      if (terminal) {
        err.print("\r" + bar(s) + "\u001b[K");
      } else {
        err.println("rag: ingest " + line(s));
      }
      err.flush();
    }
  }

  static String bar(JobStatus s) {
    int total = Math.max(1, s.filesTotal());
    int filled = (int) Math.round(WIDTH * (double) s.filesDone() / total);
    return "[" + "#".repeat(filled) + ".".repeat(WIDTH - filled) + "] " + line(s);
  }

  static String line(JobStatus s) {
    return String.format(
        Locale.ROOT,
        "%d/%d files, %,d chunks, %.1f chunks/s, ETA %s",
        s.filesDone(),
        s.filesTotal(),
        s.chunks(),
        s.chunksPerSecond(),
        s.etaSeconds() < 0 ? "?" : duration(s.etaSeconds()));
  }

  static String duration(long seconds) {
    Duration d = Duration.ofSeconds(seconds);
    return d.toHours() > 0
        ? d.toHours() + "h" + d.toMinutesPart() + "m"
        : d.toMinutes() > 0 ? d.toMinutes() + "m" + d.toSecondsPart() + "s" : d.toSeconds() + "s";
  }

  /** The final summary. */
  static void summary(JobStatus s, PrintWriter out) {
    double seconds =
        s.finishedAt() == null
            ? 0
            : Duration.between(s.startedAt(), s.finishedAt()).toMillis() / 1000.0;
    out.printf(
        Locale.ROOT,
        "%s: %d files ingested, %d unchanged (skipped), %d failed, %d deleted; %,d chunks in %.1f s"
            + " (%.1f chunks/s)%n",
        s.state().id(),
        s.filesIngested(),
        s.filesSkipped(),
        s.filesFailed(),
        s.documentsDeleted(),
        s.chunks(),
        seconds,
        s.chunksPerSecond());
    for (FileFailure f : s.failures()) {
      out.println("  failed: " + f.path() + ": " + f.reason());
    }
    if (s.filesFailed() > s.failures().size()) {
      out.println("  ... and " + (s.filesFailed() - s.failures().size()) + " more failed files");
    }
    for (FileFailure w : s.warnings()) {
      out.println("  warning: " + w.path() + ": " + w.reason());
    }
    if (!s.message().isEmpty()) {
      out.println("  stopped: " + s.message());
    }
  }

  @Override
  public void close() {
    stopped = true;
    thread.interrupt();
    if (terminal) {
      err.print("\r\u001b[K");
      err.flush();
    }
  }
}
