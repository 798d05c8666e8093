package dev.ragserver.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** What a client may read of a server-side failure, and the labels metrics may carry. */
class ProblemsTest {
  @Test
  void serverPathsAreLeftOutOfFailureMessages() {
    assertEquals(
        "cannot open collection c in (a server path): Lock held by this virtual machine:"
            + " (a server path)",
        Problems.withoutPaths(
            "cannot open collection c in /srv/rag-data/c: Lock held by this virtual machine:"
                + " /srv/rag-data/c/index/write.lock"));
    assertEquals(
        "no such file (a server path)", Problems.withoutPaths("no such file C:\\rag\\data\\x.si"));
    assertEquals("this IndexWriter is closed", Problems.withoutPaths("this IndexWriter is closed"));
    assertEquals("v1.2 and 3/4", Problems.withoutPaths("v1.2 and 3/4"));
  }

  @Test
  void metricLabelsComeFromClosedSets() {
    assertEquals("GET", Metrics.method("GET"));
    assertEquals("other", Metrics.method("XMETH1"));
    assertEquals("other", Metrics.method("get"));
    assertEquals("404", Metrics.status(404));
    assertEquals("other", Metrics.status(0));
    assertEquals("other", Metrics.status(1000));
  }
}
