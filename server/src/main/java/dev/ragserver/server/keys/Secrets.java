package dev.ragserver.server.keys;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/** New secrets and their digests. */
public final class Secrets {
  private static final SecureRandom RANDOM = new SecureRandom();

  private Secrets() {}

  /** A new secret: {@code rag_} and 32 random bytes, base64url (256 bits). */
  public static String newSecret() {
    byte[] b = new byte[32];
    RANDOM.nextBytes(b);
    return "rag_" + Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  /** The SHA-256 digest of a secret, as bytes. */
  public static byte[] digest(String secret) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The SHA-256 digest of a secret, as 64 hex digits. */
  public static String hexDigest(String secret) {
    return HexFormat.of().formatHex(digest(secret));
  }
}
