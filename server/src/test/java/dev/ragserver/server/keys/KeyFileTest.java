package dev.ragserver.server.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ragserver.server.http.Role;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyFileTest {
  @TempDir Path dir;

  @Test
  void aBrokenEntryIsRefusedNamingTheFileTheEntryAndTheRule() throws IOException {
    Path f = dir.resolve("keys.yaml");
    Files.writeString(
        f,
        "keys:\n  - name: app1\n    role: owner\n    collections: [app1]\n    sha256: "
            + "0".repeat(64)
            + "\n");
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new KeyFile(f).load());
    assertTrue(e.getMessage().contains(f.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("keys[0]"), e.getMessage());
    assertTrue(e.getMessage().contains("role must be read, write or admin, got: owner"));
  }

  @Test
  void prefixesAndStarScopeCollections() {
    ApiKey k = new ApiKey("k", Role.READ, List.of("app1*", "shared"), "a".repeat(64));
    assertTrue(k.allows("app1") && k.allows("app1-docs") && k.allows("shared"));
    assertEquals(false, k.allows("app2") || k.allows("shared2") || k.allCollections());
    assertTrue(new ApiKey("k", Role.READ, List.of("*"), "a".repeat(64)).allows("anything"));
  }

  @Test
  void rolesCoverTheRolesBelowThem() {
    assertTrue(Role.ADMIN.covers(Role.WRITE) && Role.WRITE.covers(Role.READ));
    assertEquals(false, Role.READ.covers(Role.WRITE) || Role.WRITE.covers(Role.ADMIN));
  }
}
