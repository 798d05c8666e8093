package dev.ragserver.opensearch;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A real OpenSearch cluster of {@value #NODES} cluster-manager-eligible nodes on 127.0.0.1, started
 * and stopped with {@code scripts/opensearch-cluster.sh} from the zips Maven fetched into {@code
 * target/opensearch-dist}. HTTP on 19251-19253, transport on 19351-19353. Three nodes survive the
 * loss of any one, the elected manager included.
 */
final class LocalCluster implements AutoCloseable {
  static final int HTTP_BASE = 19250;
  static final int TRANSPORT_BASE = 19350;

  /** Nodes in the cluster. */
  static final int NODES = 3;

  private final Path script;
  private final Path dir;

  private LocalCluster(Path script, Path dir) {
    this.script = script;
    this.dir = dir;
  }

  /** Starts the cluster and waits for green, or skips the calling tests saying what is missing. */
  static LocalCluster startOrSkip() throws IOException, InterruptedException {
    Path home = Path.of(System.getProperty("rag.home", "..")).toAbsolutePath().normalize();
    Path script = home.resolve("scripts/opensearch-cluster.sh");
    Path dist = Path.of(System.getProperty("rag.opensearch.dist", "target/opensearch-dist"));
    Path zip =
        dist.resolve(
            "opensearch-" + System.getProperty("rag.opensearch.version", "3.5.0") + ".zip");
    Path knn =
        dist.resolve(
            "opensearch-knn-"
                + System.getProperty("rag.opensearch.knn.version", "3.5.0.0")
                + ".zip");
    List<String> missing = new ArrayList<>();
    if (!System.getProperty("os.name").toLowerCase(Locale.ROOT).contains("linux")) {
      missing.add("Linux");
    }
    for (String tool : List.of("curl", "unzip", "bash")) {
      if (!onPath(tool)) {
        missing.add(tool);
      }
    }
    if ("root".equals(System.getProperty("user.name"))
        && (!onPath("runuser") || !onPath("useradd"))) {
      missing.add("runuser and useradd (OpenSearch refuses to run as root)");
    }
    if (!Files.isRegularFile(zip) || !Files.isRegularFile(knn)) {
      missing.add(zip + " and " + knn + " (mvn fetches them in generate-test-resources)");
    }
    if (!missing.isEmpty()) {
      String why = "SKIPPED OpenSearch cluster tests: missing " + String.join(", ", missing);
      System.err.println("\n*** " + why + " ***\n");
      Assumptions.abort(why);
    }
    Path dir = Path.of("target", "opensearch-cluster").toAbsolutePath();
    LocalCluster cluster = new LocalCluster(script, dir);
    cluster.run("stop");
    cluster.run("start", zip.toAbsolutePath().toString(), knn.toAbsolutePath().toString());
    return cluster;
  }

  private static boolean onPath(String tool) {
    for (String p : System.getenv().getOrDefault("PATH", "").split(":", -1)) {
      if (Files.isExecutable(Path.of(p, tool))) {
        return true;
      }
    }
    return Files.isExecutable(Path.of("/usr/sbin", tool))
        || Files.isExecutable(Path.of("/sbin", tool));
  }

  /** The nodes' HTTP addresses. */
  List<URI> hosts() {
    List<URI> hosts = new ArrayList<>();
    for (int n = 1; n <= NODES; n++) {
      hosts.add(URI.create("http://127.0.0.1:" + (HTTP_BASE + n)));
    }
    return hosts;
  }

  /** The nodes' HTTP addresses as {@code opensearch.hosts} takes them (a JSON array). */
  String hostsJson() {
    return hosts().stream()
        .map(h -> "\"" + h + "\"")
        .collect(java.util.stream.Collectors.joining(", ", "[", "]"));
  }

  /** A client of the cluster (30 s timeout, the standard retries); closed by the caller. */
  dev.ragserver.index.opensearch.OpenSearchClient client() {
    return new dev.ragserver.index.opensearch.OpenSearchClient(
        hosts(),
        null,
        null,
        java.time.Duration.ofSeconds(30),
        dev.ragserver.index.opensearch.OpenSearchClient.Retry.standard());
  }

  /** The node number of a node name ({@code n2} is 2). */
  static int number(String nodeName) {
    return Integer.parseInt(nodeName.substring(1));
  }

  void stopNode(int n) throws IOException, InterruptedException {
    run("stop-node", Integer.toString(n));
  }

  void startNode(int n) throws IOException, InterruptedException {
    run("start-node", Integer.toString(n));
  }

  private void run(String command, String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of("bash", script.toString(), command, dir.toString()));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().put("RAG_OS_HTTP_BASE", Integer.toString(HTTP_BASE));
    pb.environment().put("RAG_OS_TRANSPORT_BASE", Integer.toString(TRANSPORT_BASE));
    pb.environment().put("RAG_OS_NODES", Integer.toString(NODES));
    pb.environment().put("RAG_JAVA_HOME", System.getProperty("java.home"));
    Process p = pb.start();
    String out =
        new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
      throw new IllegalStateException("opensearch-cluster.sh " + command + " failed:\n" + out);
    }
  }

  @Override
  public void close() throws IOException {
    try {
      run("stop");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while stopping the cluster", e);
    }
  }
}
