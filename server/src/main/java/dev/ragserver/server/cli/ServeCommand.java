package dev.ragserver.server.cli;

import dev.ragserver.server.engine.Engine;
import dev.ragserver.server.http.ServerApp;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ./rag serve}: the HTTP server, until Ctrl-C. */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description =
        "Start the HTTP server (default port 8080) with the configured model; Ctrl-C stops it.")
final class ServeCommand implements Callable<Integer> {
  @Mixin ConfigOptions config;
  @Spec CommandSpec spec;

  @Option(
      names = {"-p", "--port"},
      paramLabel = "PORT",
      description = "Port (overrides server.port).")
  Integer port;

  @Override
  public Integer call() throws InterruptedException {
    if (port != null) {
      config.overrides.put("server.port", port.toString());
    }
    Engine engine = Engine.open(config.load());
    ServerApp server = ServerApp.start(engine);
    spec.commandLine()
        .getOut()
        .printf(
            "rag: serving on http://%s:%d with models %s, default %s (each loads on first use;"
                + " web console at /; Ctrl-C stops)%n",
            server.host(), server.port(), engine.models().names(), engine.config().model().name());
    spec.commandLine().getOut().flush();
    awaitShutdown(server, engine);
    return 0;
  }

  /** Blocks until the JVM is asked to stop, then closes the server and the engine. */
  static void awaitShutdown(ServerApp server, Engine engine) throws InterruptedException {
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    server.close();
                  } finally {
                    engine.close();
                    stopped.countDown();
                  }
                },
                "rag-shutdown"));
    stopped.await();
  }
}
