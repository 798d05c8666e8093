package dev.ragserver.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ragserver.server.http.Role;
import dev.ragserver.server.keys.ApiKey;
import dev.ragserver.server.keys.KeyFile;
import dev.ragserver.server.keys.Secrets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./rag keys}: the secret printed once, only its digest kept, the change audited. */
class KeysCommandTest {
  @TempDir Path dir;

  private CliRun rag(String... args) {
    String[] all = java.util.Arrays.copyOf(args, args.length + 2);
    all[args.length] = "--set";
    all[args.length + 1] = "index.data_dir=" + dir;
    return CliRun.of(all);
  }

  @Test
  void addPrintsTheSecretOnceAndKeepsOnlyItsDigest() throws IOException {
    CliRun add = rag("keys", "add", "app1", "--role", "write", "--collections", "app1*,shared");
    assertEquals(0, add.exit(), add.err());
    String secret = add.out().strip();
    assertTrue(secret.startsWith("rag_") && secret.length() > 40, secret);
    ApiKey key = new KeyFile(dir.resolve("keys.yaml")).load().get(0);
    assertEquals(
        new ApiKey("app1", Role.WRITE, List.of("app1*", "shared"), Secrets.hexDigest(secret)), key);
    assertFalse(Files.readString(dir.resolve("keys.yaml")).contains(secret));

    CliRun list = rag("keys", "list");
    assertTrue(list.out().contains("app1") && list.out().contains("app1*, shared"), list.out());
    assertFalse(list.out().contains(secret) || list.out().contains(key.sha256()));

    CliRun again = rag("keys", "add", "app1", "--role", "read");
    assertNotEquals(0, again.exit());
    assertTrue(again.err().contains("a key named app1 exists"), again.err());

    assertEquals(0, rag("keys", "remove", "app1").exit());
    assertEquals(List.of(), new KeyFile(dir.resolve("keys.yaml")).load());
    CliRun missing = rag("keys", "remove", "app1");
    assertNotEquals(0, missing.exit());
    assertTrue(missing.err().contains("no key named app1"), missing.err());

    String audit = Files.readString(dir.resolve("audit.log"));
    assertTrue(audit.contains("\"route\":\"./rag keys add\",\"key_name\":\"app1\""), audit);
    assertTrue(audit.contains("\"route\":\"./rag keys remove\""), audit);
    assertFalse(audit.contains(secret));
  }

  @Test
  void aBadRoleOrCollectionIsRefusedWithTheRule() {
    CliRun role = rag("keys", "add", "x", "--role", "owner");
    assertNotEquals(0, role.exit());
    assertTrue(role.err().contains("role must be read, write or admin, got: owner"), role.err());
    CliRun coll = rag("keys", "add", "x", "--role", "read", "--collections", "a/b");
    assertNotEquals(0, coll.exit());
    assertTrue(coll.err().contains("collections must hold collection names"), coll.err());
  }
}
