package dev.ragserver.server.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/**
 * Runs a {@code ./rag} command in this JVM as a user would, capturing its output.
 *
 * @param exit the exit code
 * @param out standard output
 * @param err standard error
 */
public record CliRun(int exit, String out, String err) {
  /** Runs {@code ./rag ARGS...}. */
  public static CliRun of(String... args) {
    CommandLine cli = RagCli.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int exit = cli.execute(args);
    return new CliRun(exit, out.toString(), err.toString());
  }
}
