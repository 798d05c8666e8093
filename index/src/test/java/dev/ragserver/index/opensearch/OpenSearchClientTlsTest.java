package dev.ragserver.index.opensearch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.ragserver.index.IndexException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An {@code https://} cluster behind basic auth, as a secured OpenSearch node answers (a scripted
 * HTTPS endpoint with a certificate made here by the JDK's keytool, since the security plugin is
 * not in the Maven distribution the real-cluster tests use): the client trusts the CA file of
 * {@code opensearch.ca_certificate}, sends the credentials with every request, and refuses a
 * certificate it was not told to trust.
 */
class OpenSearchClientTlsTest {
  @TempDir Path dir;
  private HttpsServer server;
  private Path caFile;
  private final List<String> auth = new CopyOnWriteArrayList<>();

  private void keytool(String... args) throws Exception {
    List<String> command = new java.util.ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "keytool finishes");
    assertEquals(0, p.exitValue(), out);
  }

  @BeforeEach
  void start() throws Exception {
    Path keystore = dir.resolve("node.p12");
    caFile = dir.resolve("root-ca.pem");
    keytool(
        "-genkeypair",
        "-alias",
        "node",
        "-keyalg",
        "RSA",
        "-keysize",
        "2048",
        "-dname",
        "CN=localhost",
        "-ext",
        "SAN=ip:127.0.0.1,dns:localhost",
        "-validity",
        "2",
        "-storetype",
        "PKCS12",
        "-keystore",
        keystore.toString(),
        "-storepass",
        "changeit");
    keytool(
        "-exportcert",
        "-rfc",
        "-alias",
        "node",
        "-keystore",
        keystore.toString(),
        "-storepass",
        "changeit",
        "-file",
        caFile.toString());
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(keystore)) {
      ks.load(in, "changeit".toCharArray());
    }
    KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keys.init(ks, "changeit".toCharArray());
    SSLContext tls = SSLContext.getInstance("TLS");
    tls.init(keys.getKeyManagers(), null, null);
    server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setHttpsConfigurator(new HttpsConfigurator(tls));
    server.createContext(
        "/",
        exchange -> {
          String sent = exchange.getRequestHeaders().getFirst("Authorization");
          auth.add(String.valueOf(sent));
          boolean ok = "Basic YWRtaW46czNjcmV0".equals(sent); // admin:s3cret
          byte[] out =
              (ok
                      ? "{\"status\": \"green\", \"number_of_nodes\": 3, \"unassigned_shards\": 0}"
                      : "{\"error\": {\"type\": \"security_exception\", \"reason\": \"missing"
                          + " authentication credentials\"}, \"status\": 401}")
                  .getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(ok ? 200 : 401, out.length);
          try (OutputStream o = exchange.getResponseBody()) {
            o.write(out);
          }
        });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private URI host() {
    return URI.create("https://127.0.0.1:" + server.getAddress().getPort());
  }

  private OpenSearchClient client(String user, String password, SSLContext trust) {
    return new OpenSearchClient(
        List.of(host()),
        user,
        password,
        trust,
        Duration.ofSeconds(10),
        new OpenSearchClient.Retry(1, Duration.ofMillis(1), Duration.ofMillis(1)));
  }

  @Test
  void aClusterBehindTlsAndBasicAuthAnswersWithTheConfiguredCaAndCredentials() {
    try (OpenSearchClient c = client("admin", "s3cret", TrustedCertificates.load(caFile))) {
      assertEquals(new OpenSearchClient.Health("green", 3, 0), c.health());
      assertEquals(new OpenSearchClient.Health("green", 3, 0), c.health());
    }
    assertEquals(List.of("Basic YWRtaW46czNjcmV0", "Basic YWRtaW46czNjcmV0"), auth);
  }

  @Test
  void wrongCredentialsAreTheClustersOwnErrorNotAnUnreachableOne() {
    try (OpenSearchClient c = client("admin", "wrong", TrustedCertificates.load(caFile))) {
      IndexException e = assertThrows(IndexException.class, c::health);
      assertEquals(
          "OpenSearch GET /_cluster/health failed with 401: security_exception: missing"
              + " authentication credentials",
          e.getMessage());
    }
  }

  @Test
  void aCertificateTheClientWasNotToldToTrustIsRefused() {
    try (OpenSearchClient c = client("admin", "s3cret", null)) {
      IndexException e = assertThrows(IndexException.class, c::health);
      assertTrue(
          e.getMessage().startsWith("the OpenSearch cluster is unreachable (GET /_cluster/health)")
              && e.getMessage().contains("PKIX"),
          e.getMessage());
    }
    assertEquals(List.of(), auth, "no request reached the server");
  }

  @Test
  void aCaFileThatIsNotACertificateIsRefusedNamingTheSetting() throws Exception {
    Path junk = Files.writeString(dir.resolve("junk.pem"), "not a certificate");
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> TrustedCertificates.load(junk));
    assertTrue(e.getMessage().startsWith("opensearch.ca_certificate "), e.getMessage());
  }
}
