package dev.ragserver.tools.beir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * The public BEIR archives ({@code NAME.zip} under {@link #PUBLIC_URL}), downloaded into a cache
 * folder on first use: the archive's MD5 is checked against the one BEIR publishes before anything
 * is unpacked, entries are unpacked only inside the cache, and the dataset folder appears (by
 * rename) only once it is whole, so an interrupted download leaves nothing that looks done.
 */
public final class BeirArchives {
  /** Where BEIR serves its archives. */
  public static final URI PUBLIC_URL =
      URI.create("https://public.ukp.informatik.tu-darmstadt.de/thakur/BEIR/datasets/");

  /**
   * The MD5 of each public archive, from the "Available Datasets" table of the BEIR README
   * (beir-cellar/beir, README.md).
   */
  public static final Map<String, String> PUBLISHED_MD5 =
      new TreeMap<>(
          Map.ofEntries(
              Map.entry("arguana", "8ad3e3c2a5867cdced806d6503f29b99"),
              Map.entry("climate-fever", "8b66f0a9126c521bae2bde127b4dc99d"),
              Map.entry("cqadupstack", "4e41456d7df8ee7760a7f866133bda78"),
              Map.entry("dbpedia-entity", "c2a39eb420a3164af735795df012ac2c"),
              Map.entry("fever", "5a818580227bfb4b35bb6fa46d9b6c03"),
              Map.entry("fiqa", "17918ed23cd04fb15047f73e6c3bd9d9"),
              Map.entry("hotpotqa", "f412724f78b0d91183a0e86805e16114"),
              Map.entry("msmarco", "444067daf65d982533ea17ebd59501e4"),
              Map.entry("nfcorpus", "a89dba18a62ef92f7d323ec890a0d38d"),
              Map.entry("nq", "d4d3d2e48787a744b6f6e691ff534307"),
              Map.entry("quora", "18fb154900ba42a600f84b839c173167"),
              Map.entry("scidocs", "38121350fc3a4d2f48850f6aff52e4a9"),
              Map.entry("scifact", "5f7d1de60b170fc8027bb7898e2efca1"),
              Map.entry("trec-covid", "ce62140cb23feb9becf6270d0d1fe6d1"),
              Map.entry("webis-touche2020", "46f650ba5a527fc69e0a6521c5a23563")));

  private final Path cache;
  private final URI base;
  private final Map<String, String> checksums;
  private final HttpClient http;

  /**
   * @param cache the folder datasets are kept in, one sub-folder per dataset
   * @param base the folder URL the archives are under (ends with /)
   * @param checksums each dataset's archive MD5, by name
   */
  public BeirArchives(Path cache, URI base, Map<String, String> checksums) {
    if (!base.toString().endsWith("/")) {
      throw new IllegalArgumentException("the archives' URL must end with /, got: " + base);
    }
    this.cache = cache;
    this.base = base;
    this.checksums = Map.copyOf(checksums);
    this.http =
        HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NORMAL)
            .connectTimeout(Duration.ofSeconds(30))
            .build();
  }

  /** The public archives, cached in the default folder ({@link #defaultCache()}). */
  public static BeirArchives published() {
    return new BeirArchives(defaultCache(), PUBLIC_URL, PUBLISHED_MD5);
  }

  /**
   * {@code rag.beir.cache} (a system property), else {@code $XDG_CACHE_HOME/rag/beir}, else {@code
   * ~/.cache/rag/beir}.
   */
  public static Path defaultCache() {
    String property = System.getProperty("rag.beir.cache");
    if (property != null && !property.isBlank()) {
      return Path.of(property);
    }
    String xdg = System.getenv("XDG_CACHE_HOME");
    Path root =
        xdg != null && !xdg.isBlank()
            ? Path.of(xdg)
            : Path.of(System.getProperty("user.home"), ".cache");
    return root.resolve("rag").resolve("beir");
  }

  /** Whether this is the name of a dataset these archives hold. */
  public boolean knows(String name) {
    return checksums.containsKey(name);
  }

  /** The dataset names, sorted. */
  public java.util.Set<String> names() {
    return new java.util.TreeSet<>(checksums.keySet());
  }

  /** The dataset's folder when it is in the cache already. */
  public Optional<Path> cached(String name) {
    Path folder = cache.resolve(name);
    return Files.isRegularFile(folder.resolve("corpus.jsonl"))
        ? Optional.of(folder)
        : Optional.empty();
  }

  /**
   * The dataset's folder: from the cache, else downloaded (progress on {@code log}), checked and
   * unpacked into it.
   *
   * @throws IOException when the download fails or its checksum is not the published one (nothing
   *     is left in the cache then)
   */
  public Path fetch(String name, PrintWriter log) throws IOException, InterruptedException {
    String md5 = checksums.get(name);
    if (md5 == null) {
      throw new IllegalArgumentException(
          "no BEIR dataset named " + name + "; known: " + String.join(", ", names()));
    }
    Optional<Path> hit = cached(name);
    if (hit.isPresent()) {
      return hit.get();
    }
    Files.createDirectories(cache);
    URI url = base.resolve(name + ".zip");
    Path zip = Files.createTempFile(cache, "." + name + "-", ".zip.part");
    Path unpacked = Files.createTempDirectory(cache, "." + name + "-");
    try {
      download(url, zip, md5, log);
      unpack(zip, unpacked);
      Path folder = datasetFolder(unpacked, name);
      Path target = cache.resolve(name);
      try {
        Files.move(folder, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(folder, target);
      }
      log.printf(Locale.ROOT, "rag: %s is in %s%n", name, target);
      log.flush();
      return target;
    } finally {
      Files.deleteIfExists(zip);
      deleteTree(unpacked);
    }
  }

  private void download(URI url, Path to, String md5, PrintWriter log)
      throws IOException, InterruptedException {
    log.printf(Locale.ROOT, "rag: downloading %s%n", url);
    log.flush();
    HttpResponse<InputStream> response;
    try {
      response =
          http.send(
              HttpRequest.newBuilder(url).timeout(Duration.ofMinutes(30)).GET().build(),
              HttpResponse.BodyHandlers.ofInputStream());
    } catch (IOException e) {
      throw new IOException(
          "downloading "
              + url
              + " failed ("
              + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage())
              + "); without network, unpack the archive into "
              + cache.toAbsolutePath()
              + " or pass its folder as --dataset DIR",
          e);
    }
    if (response.statusCode() != 200) {
      response.body().close();
      throw new IOException("downloading " + url + " failed: HTTP " + response.statusCode());
    }
    long total = response.headers().firstValueAsLong("Content-Length").orElse(-1);
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("MD5");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    long read = 0;
    int shownTenth = -1;
    try (InputStream in = new DigestInputStream(response.body(), digest);
        OutputStream out = Files.newOutputStream(to)) {
      byte[] buffer = new byte[1 << 16];
      for (int n; (n = in.read(buffer)) > 0; ) {
        out.write(buffer, 0, n);
        read += n;
        int tenth = total > 0 ? (int) (10 * read / total) : (int) (read >> 24);
        if (tenth != shownTenth) {
          shownTenth = tenth;
          if (total > 0) {
            log.printf(Locale.ROOT, "rag:   %.1f of %.1f MB%n", read / 1e6, total / 1e6);
          } else {
            log.printf(Locale.ROOT, "rag:   %.1f MB%n", read / 1e6);
          }
          log.flush();
        }
      }
    }
    String actual = HexFormat.of().formatHex(digest.digest());
    if (!actual.equals(md5)) {
      throw new IOException(
          "the archive from "
              + url
              + " has MD5 "
              + actual
              + ", not the published "
              + md5
              + " ("
              + read
              + " bytes): refused, nothing was kept");
    }
  }

  /** Unpacks every entry inside {@code into}; an entry that would land outside it is refused. */
  private static void unpack(Path zip, Path into) throws IOException {
    Path root = into.toAbsolutePath().normalize();
    try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
      for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
        Path target = root.resolve(e.getName()).normalize();
        if (!target.startsWith(root)) {
          throw new IOException("archive entry " + e.getName() + " points outside its folder");
        }
        if (e.isDirectory()) {
          Files.createDirectories(target);
        } else {
          Files.createDirectories(target.getParent());
          Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
  }

  /** The unpacked dataset: {@code NAME/} (as BEIR packs it), or the top level itself. */
  private static Path datasetFolder(Path unpacked, String name) throws IOException {
    for (Path candidate : new Path[] {unpacked.resolve(name), unpacked}) {
      if (Files.isRegularFile(candidate.resolve("corpus.jsonl"))) {
        return candidate;
      }
    }
    throw new IOException("the archive of " + name + " holds no corpus.jsonl");
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
