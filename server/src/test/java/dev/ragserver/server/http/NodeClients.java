package dev.ragserver.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Real Node clients for the tests that run them: an npm package installed once into a folder of
 * {@code target/}, and commands run with a deadline. A test is skipped, saying what to install,
 * where {@code node} is missing.
 */
public final class NodeClients {
  private NodeClients() {}

  /** A finished command: its exit status (-1 when it could not start) and its output. */
  public record Result(int exit, String output) {}

  /**
   * The folder {@code target/<folder>} with {@code spec} installed from npm (once: a folder that
   * has {@code node_modules/<module>} is reused), or the test skipped without node.
   *
   * @param packageJson the folder's package.json
   * @param why what the skipped test would have run, for its message
   */
  public static Path install(
      String folder, String spec, String module, String packageJson, String why)
      throws IOException, InterruptedException {
    Path dir = Path.of("target", folder).toAbsolutePath();
    Files.createDirectories(dir);
    Assumptions.assumeTrue(
        run(List.of("node", "--version"), dir, Map.of()).exit() == 0,
        "node is not installed: skipped (install Node.js 18+ to run " + why + ")");
    if (!Files.isDirectory(dir.resolve("node_modules").resolve(module))) {
      Files.writeString(dir.resolve("package.json"), packageJson);
      Result npm =
          run(
              List.of("npm", "install", "--no-audit", "--no-fund", "--silent", spec),
              dir,
              Map.of());
      assertEquals(0, npm.exit(), "npm install " + spec + ": " + npm.output());
    }
    return dir;
  }

  /** Runs a command in a folder with more environment, failing after five minutes. */
  public static Result run(List<String> command, Path dir, Map<String, String> env)
      throws IOException, InterruptedException {
    ProcessBuilder pb =
        new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
    pb.environment().putAll(env);
    Process p;
    try {
      p = pb.start();
    } catch (IOException e) {
      return new Result(-1, e.getMessage());
    }
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(5, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new AssertionError(command + " did not finish within 5 minutes");
    }
    return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
  }
}
