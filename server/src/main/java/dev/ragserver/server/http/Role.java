package dev.ragserver.server.http;

import io.javalin.security.RouteRole;
import java.util.Locale;
import java.util.Set;

/** Who may call a route: the least role a key needs; each role may do what those below it may. */
public enum Role implements RouteRole {
  /** Anyone, keys or not (liveness, readiness, metrics, the OpenAPI document). */
  OPEN,
  /** Queries, embeddings, reading collections, documents, images, jobs. */
  READ,
  /** Reading, and writing documents and running ingest jobs. */
  WRITE,
  /** Everything: creating and deleting collections too. */
  ADMIN;

  /** Whether a key of this role may call a route that needs {@code needed}. */
  public boolean covers(Role needed) {
    return needed == OPEN || compareTo(needed) >= 0;
  }

  /** The name in keys files and messages: read, write, admin. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The role named so (read, write or admin). */
  public static Role of(String id) {
    for (Role r : values()) {
      if (r != OPEN && r.id().equals(id)) {
        return r;
      }
    }
    throw new IllegalArgumentException("role must be read, write or admin, got: " + id);
  }

  /** The least role that may call a route with these roles (OPEN when any may). */
  public static Role needed(Set<? extends RouteRole> roles) {
    Role least = null;
    for (RouteRole r : roles) {
      if (r instanceof Role role && (least == null || role.compareTo(least) < 0)) {
        least = role;
      }
    }
    return least == null ? OPEN : least;
  }
}
