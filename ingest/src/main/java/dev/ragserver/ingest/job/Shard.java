package dev.ragserver.ingest.job;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One worker's share of a job's files when {@code count} workers ingest the same paths into one
 * collection: the documents whose id hashes to this shard (SHA-256 of the id, modulo {@code
 * count}). Workers need not talk to each other: given the same paths (document ids are relative to
 * the folder named, so the tree may sit at another place on each machine) each takes a disjoint
 * share and together they take every file.
 *
 * @param index this worker's shard, 1 to {@code count}
 * @param count how many workers share the job
 */
public record Shard(int index, int count) {
  /** The whole job: one worker. */
  public static final Shard ALL = new Shard(1, 1);

  /** Why a sharded job cannot sync, and what to do instead. */
  public static final String NO_SYNC =
      "sync cannot run on a shard: a shard cannot tell which documents are gone while the other"
          + " shards still write; when every shard has finished, run the job once without a shard"
          + " and with sync (it skips every file the shards committed)";

  private static final Pattern FORM = Pattern.compile("\\s*(\\d{1,6})\\s*/\\s*(\\d{1,6})\\s*");

  public Shard {
    if (count < 1 || index < 1 || index > count) {
      throw new IllegalArgumentException(
          "a shard is I/N with 1 <= I <= N (this worker's share of N), got: "
              + index
              + "/"
              + count);
    }
  }

  /**
   * A shard written as {@code I/N}, e.g. {@code 2/3}.
   *
   * @throws IllegalArgumentException naming the text when it is not of that form
   */
  public static Shard parse(String text) {
    Matcher m = FORM.matcher(text == null ? "" : text);
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "a shard is I/N with 1 <= I <= N (this worker's share of N), got: \"" + text + "\"");
    }
    return new Shard(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
  }

  /** Whether this is the whole job. */
  public boolean isAll() {
    return count == 1;
  }

  /** Whether the document of this id is this shard's to ingest. */
  public boolean owns(String documentId) {
    if (count == 1) {
      return true;
    }
    byte[] digest;
    try {
      digest =
          MessageDigest.getInstance("SHA-256").digest(documentId.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
    long h = 0;
    for (int i = 0; i < 8; i++) {
      h = (h << 8) | (digest[i] & 0xff);
    }
    return Math.floorMod(h, count) == index - 1;
  }

  @Override
  public String toString() {
    return index + "/" + count;
  }
}
