package dev.ragserver.api.collections;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ragserver.api.json.ApiJson;
import java.util.List;
import org.junit.jupiter.api.Test;

class CollectionEntryJsonTest {
  private static final ObjectMapper JSON = ApiJson.builder().build();

  @Test
  void aListingReadsBackEachEntryAsWhatItIs() throws Exception {
    CollectionView ok =
        new CollectionView(
            "docs",
            "2026-12-04T00:00:00Z",
            3,
            new CollectionView.ModelView("bge-small-en-v1.5", List.of("dense"), 384, 0),
            null,
            new CollectionView.SettingsView("english", 16, 100, "none", "float"),
            new CollectionView.BackendView("lucene", null, null, null),
            2,
            5,
            1,
            1234,
            "ocr");
    CollectionEntry.Unavailable broken =
        CollectionEntry.Unavailable.of("old", "bge-m3", "model bge-m3 is not served");
    String json = JSON.writeValueAsString(new CollectionEntry.Listing(List.of(ok, broken)));
    CollectionEntry.Listing back = JSON.readValue(json, CollectionEntry.Listing.class);
    assertInstanceOf(CollectionView.class, back.collections().get(0), json);
    assertInstanceOf(CollectionEntry.Unavailable.class, back.collections().get(1), json);
    assertEquals(List.of(ok, broken), back.collections());
  }
}
