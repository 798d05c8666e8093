package dev.ragserver.ingest.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ragserver.config.ConfigLoader;
import dev.ragserver.config.IngestConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a walk reaches through symbolic links, confined to the server's folders or not. */
class FileWalkerTest {
  @TempDir Path dir;
  private final IngestConfig config = ConfigLoader.builder().build().load().ingest();

  /**
   * root/ holds a file, a link to a file inside root, a link to a file outside, a link to a folder
   * outside, and a link loop.
   */
  private Path layout() throws IOException {
    Path root = Files.createDirectories(dir.resolve("root"));
    Path outside = Files.createDirectories(dir.resolve("outside"));
    Files.writeString(root.resolve("inside.txt"), "inside");
    Files.writeString(outside.resolve("secret.txt"), "secret");
    Files.createDirectories(outside.resolve("folder"));
    Files.writeString(outside.resolve("folder/more.txt"), "more secrets");
    Files.createSymbolicLink(root.resolve("alias.txt"), root.resolve("inside.txt"));
    Files.createSymbolicLink(root.resolve("leak.txt"), outside.resolve("secret.txt"));
    Files.createSymbolicLink(root.resolve("away"), outside.resolve("folder"));
    Files.createDirectories(root.resolve("sub"));
    Files.createSymbolicLink(root.resolve("sub/loop"), root);
    return root;
  }

  @Test
  void aConfinedWalkSkipsAndReportsEveryLinkThatLeadsOutside() throws IOException {
    Path root = layout().toRealPath();
    IngestPlan plan = FileWalker.within(config, List.of(root)).plan(List.of(root));
    Map<String, Path> read =
        plan.inputs().stream()
            .collect(
                Collectors.toMap(
                    i -> i.documentId().substring(root.getFileName().toString().length() + 1),
                    IngestInput::file));
    assertEquals(
        Map.of("alias.txt", root.resolve("inside.txt"), "inside.txt", root.resolve("inside.txt")),
        read,
        "a link inside the root is kept under its own id and read at its real path");
    Map<String, String> failed =
        plan.walkFailures().stream()
            .collect(
                Collectors.toMap(
                    f -> f.path().substring(root.getFileName().toString().length() + 1),
                    FileFailure::reason));
    assertTrue(failed.get("leak.txt").contains("outside the folders"), failed.toString());
    assertTrue(failed.get("away").contains("outside the folders"), failed.toString());
    assertTrue(failed.get("sub/loop").contains("loop"), failed.toString());
  }

  @Test
  void aConfinedWalkRefusesASingleFileThatIsALinkOutside() throws IOException {
    Path root = layout().toRealPath();
    IngestPlan plan =
        FileWalker.within(config, List.of(root)).plan(List.of(root.resolve("leak.txt")));
    assertEquals(List.of(), plan.inputs());
    assertEquals(1, plan.walkFailures().size());
  }

  @Test
  void theCliWalkFollowsLinksWhereverTheyLead() throws IOException {
    Path root = layout().toRealPath();
    List<String> ids =
        new FileWalker(config)
            .plan(List.of(root)).inputs().stream()
                .map(i -> i.documentId().substring(root.getFileName().toString().length() + 1))
                .sorted()
                .toList();
    assertEquals(List.of("alias.txt", "away/more.txt", "inside.txt", "leak.txt"), ids);
  }

  @Test
  void idsAreRelativeToTheFolderGivenSoAnotherCheckoutKeepsThem() throws IOException {
    for (String checkout : List.of("checkout-a", "checkout-b")) {
      Path samples = Files.createDirectories(dir.resolve(checkout).resolve("samples/sub"));
      Files.writeString(samples.resolve("../lighthouses.md"), "# Lighthouses");
      Files.writeString(samples.resolve("tides.txt"), "tides");
      IngestPlan plan = new FileWalker(config).plan(List.of(samples.getParent()));
      assertEquals(
          List.of("samples/lighthouses.md", "samples/sub/tides.txt"),
          plan.inputs().stream().map(IngestInput::documentId).toList());
      assertEquals(
          List.of("samples/lighthouses.md", "samples/sub/tides.txt"),
          plan.inputs().stream().map(IngestInput::source).toList());
      assertEquals(List.of("samples/"), plan.syncScopes());
      IngestPlan one =
          new FileWalker(config).plan(List.of(samples.resolve("tides.txt")), "team-a/");
      assertEquals("team-a/tides.txt", one.inputs().get(0).documentId());
    }
  }

  @Test
  void twoFoldersOfTheSameNameAreReportedUnlessPrefixesTellThemApart() throws IOException {
    Path a = Files.createDirectories(dir.resolve("a/docs"));
    Path b = Files.createDirectories(dir.resolve("b/docs"));
    Files.writeString(a.resolve("x.txt"), "from a");
    Files.writeString(b.resolve("x.txt"), "from b");
    IngestPlan clash = new FileWalker(config).plan(List.of(a, b));
    assertEquals(1, clash.inputs().size());
    assertEquals("docs/x.txt", clash.walkFailures().get(0).path());
    assertTrue(clash.walkFailures().get(0).reason().contains("id prefix"));
    IngestPlan apart = new FileWalker(config).plan(List.of(a), "a/");
    assertEquals("a/docs/x.txt", apart.inputs().get(0).documentId());
    assertThrows(
        IllegalArgumentException.class, () -> new FileWalker(config).plan(List.of(a), "/abs"));
  }
}
