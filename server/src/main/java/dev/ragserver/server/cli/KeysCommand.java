package dev.ragserver.server.cli;

import dev.ragserver.config.RagConfig;
import dev.ragserver.server.http.Role;
import dev.ragserver.server.keys.ApiKey;
import dev.ragserver.server.keys.KeyFile;
import dev.ragserver.server.keys.KeyRing;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ./rag keys}: add, list and remove the named API keys of the keys file ({@code
 * server.keys_file}); a running server picks up a change within a second.
 */
@Command(
    name = "keys",
    mixinStandardHelpOptions = true,
    description = {
      "Manage API keys: each has a name, a role and the collections it may use; the file keeps",
      "only SHA-256 digests, and a new key's secret is printed once.",
      "  ./rag keys add app1 --role read --collections 'app1*'",
      "  ./rag keys list",
      "  ./rag keys remove app1"
    },
    subcommands = {KeysCommand.Add.class, KeysCommand.List.class, KeysCommand.Remove.class})
final class KeysCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  private static KeyFile file(RagConfig c) {
    return new KeyFile(KeyRing.file(c.server(), Path.of(c.index().dataDir())));
  }

  /** The change's line in the audit trail (key changes are writes too). */
  private static void audit(RagConfig c, String command, Map<String, Object> fields) {
    CliAudit.write(c, "./rag keys " + command, fields);
  }

  @Command(
      name = "add",
      mixinStandardHelpOptions = true,
      description = "Add a key and print its secret (only once: the file keeps its digest).")
  static final class Add implements Callable<Integer> {
    @Mixin ConfigOptions config;
    @Spec CommandSpec spec;

    @Parameters(
        paramLabel = "NAME",
        description = "The key's name, shown in errors and the audit log.")
    String name;

    @Option(
        names = "--role",
        required = true,
        paramLabel = "ROLE",
        description =
            "read (queries, embeddings, reading), write (and documents, jobs) or admin (and collections).")
    String role;

    @Option(
        names = "--collections",
        split = ",",
        paramLabel = "NAME",
        description = "Collections it may use: names, prefix* or * for all (default: *).")
    java.util.List<String> collections = java.util.List.of("*");

    @Override
    public Integer call() {
      RagConfig c = config.load();
      KeyFile file = file(c);
      Role r = Role.of(role.toLowerCase(Locale.ROOT));
      String secret = file.add(name, r, collections);
      Map<String, Object> fields = new LinkedHashMap<>();
      fields.put("key_name", name);
      fields.put("role", r.id());
      fields.put("collections", collections);
      audit(c, "add", fields);
      PrintWriter out = spec.commandLine().getOut();
      out.println(secret);
      out.flush();
      spec.commandLine()
          .getErr()
          .printf(
              "rag: added key %s (%s on %s) to %s; the secret above is shown only now%n",
              name, role, String.join(", ", collections), file.path());
      return 0;
    }
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "List the keys (never their secrets).")
  static final class List implements Callable<Integer> {
    @Mixin ConfigOptions config;
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      java.util.List<ApiKey> keys = file(config.load()).load();
      PrintWriter out = spec.commandLine().getOut();
      out.printf(Locale.ROOT, "%-24s %-6s %s%n", "name", "role", "collections");
      for (ApiKey k : keys) {
        out.printf(
            Locale.ROOT,
            "%-24s %-6s %s%n",
            k.name(),
            k.role().id(),
            String.join(", ", k.collections()));
      }
      return 0;
    }
  }

  @Command(
      name = "remove",
      mixinStandardHelpOptions = true,
      description = "Remove a key: it stops working within a second.")
  static final class Remove implements Callable<Integer> {
    @Mixin ConfigOptions config;
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "NAME", description = "The key's name.")
    String name;

    @Override
    public Integer call() {
      RagConfig c = config.load();
      KeyFile file = file(c);
      if (!file.remove(name)) {
        throw new IllegalArgumentException("no key named " + name + " in " + file.path());
      }
      audit(c, "remove", Map.of("key_name", name));
      spec.commandLine().getErr().println("rag: removed key " + name + " from " + file.path());
      return 0;
    }
  }
}
