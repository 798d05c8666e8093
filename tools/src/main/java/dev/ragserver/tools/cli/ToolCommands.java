package dev.ragserver.tools.cli;

import dev.ragserver.server.cli.RagCli;
import java.util.List;

/** Adds {@code ./rag bench} and {@code ./rag eval} to the CLI (listed in META-INF/services). */
public final class ToolCommands implements RagCli.Extension {
  @Override
  public List<Object> commands() {
    return List.of(new EvalCommand(), new BenchCommand());
  }
}
