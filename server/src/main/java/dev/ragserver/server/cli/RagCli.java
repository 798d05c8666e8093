package dev.ragserver.server.cli;

import dev.ragserver.config.ConfigException;
import dev.ragserver.model.ModelException;
import java.util.List;
import java.util.ServiceLoader;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code ./rag}: the retrieval server's command line. */
@Command(
    name = "rag",
    mixinStandardHelpOptions = true,
    version = "rag 0.1.0",
    description = "Hybrid, cross-modal retrieval server for RAG applications.",
    footer = {
      "",
      "The ./rag launcher also runs: ./rag test (the whole test suite), ./rag build (build, tests skipped)."
    },
    subcommands = {
      ServeCommand.class,
      McpCommand.class,
      DemoCommand.class,
      IngestCommand.class,
      SearchCommand.class,
      CollectionsCommand.class,
      KeysCommand.class,
      SnapshotCommand.class,
      RestoreCommand.class,
      EmbedCommand.class,
      ConfigCommand.class,
      CommandLine.HelpCommand.class
    })
public final class RagCli implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /**
   * More sub-commands from a module on the class path, found with {@link ServiceLoader} (the tools
   * module adds {@code bench} and {@code eval} this way, so the product knows nothing of them).
   */
  public interface Extension {
    /** picocli command objects (annotated with {@code @Command}) to add as sub-commands. */
    List<Object> commands();
  }

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  /** The command line with rag's error handling: user errors print one line and exit 2. */
  public static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new RagCli());
    for (Extension extension : ServiceLoader.load(Extension.class)) {
      extension.commands().forEach(cli::addSubcommand);
    }
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    cli.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          if (e instanceof ConfigException
              || e instanceof ModelException
              || e instanceof IllegalArgumentException
              || e instanceof java.io.IOException
              || e instanceof dev.ragserver.index.IndexException
              || e instanceof dev.ragserver.server.http.ApiException) {
            commandLine.getErr().println("rag: error: " + e.getMessage());
            return 2;
          }
          throw e;
        });
    return cli;
  }

  public static void main(String[] args) {
    CommandLine cli = commandLine();
    int exit = cli.execute(args);
    cli.getOut().flush();
    cli.getErr().flush();
    System.exit(exit);
  }
}
