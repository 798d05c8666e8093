package dev.ragserver.tools.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ragserver.server.cli.CliRun;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./rag bench} and {@code ./rag eval} come from this module, found by the CLI on the class
 * path.
 */
class ToolCommandsTest {
  @TempDir Path dir;

  @Test
  void theCliListsTheToolsCommandsBesideItsOwn() {
    CliRun help = CliRun.of("--help");
    assertEquals(0, help.exit(), help.err());
    for (String command : new String[] {"serve", "search", "eval", "bench"}) {
      assertTrue(help.out().contains("  " + command), command + " in: " + help.out());
    }
    CliRun bench = CliRun.of("bench", "--help");
    assertTrue(bench.out().contains("embed") && bench.out().contains("serve"), bench.out());
  }

  @Test
  void benchWithoutACorpusSaysWhereItLooked() {
    CliRun r = CliRun.of("bench", "embed", "--corpus", dir.resolve("absent.jsonl").toString());
    assertEquals(2, r.exit());
    assertTrue(r.err().contains("corpus not found"), r.err());
  }
}
