package dev.ragserver.index.schema;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.lucene.store.ByteArrayDataInput;
import org.apache.lucene.store.ByteBuffersDataOutput;
import org.apache.lucene.util.BytesRef;

/**
 * Everything a hit shows of a chunk, as one binary doc value ({@link ChunkFields#RECORD}): a hit
 * reads its own bytes at its own address, where a stored-fields read decompresses the block of
 * neighbouring chunks it sits in (LZ4, 10s of kB), which cost three times the kNN search itself
 * (docs/benchmarks.md). The stored fields keep every value too, so an index stays readable by the
 * version before this one, and chunks written before it (no record) are read from them.
 *
 * <p>Layout, version 1: a version byte, then chunk id, document id (strings), chunk number (vint),
 * text, source, title (strings), pages and character offsets (4 vints), heading count (vint) and
 * headings (strings), modality (string), metadata as JSON ("" when none). Strings are a vint byte
 * length and UTF-8.
 */
public final class ChunkRecord {
  /** The layout written now. */
  static final byte VERSION = 1;

  private static final ObjectMapper JSON = new ObjectMapper();

  private ChunkRecord() {}

  /** The record of a chunk. */
  public static BytesRef encode(StoredChunk c) {
    try {
      ByteBuffersDataOutput out = new ByteBuffersDataOutput(256 + c.text().length());
      out.writeByte(VERSION);
      out.writeString(c.chunkId());
      out.writeString(c.documentId());
      out.writeVInt(c.chunkNumber());
      out.writeString(c.text());
      out.writeString(c.source());
      out.writeString(c.title());
      out.writeVInt(c.pageStart());
      out.writeVInt(c.pageEnd());
      out.writeVInt(c.charStart());
      out.writeVInt(c.charEnd());
      out.writeVInt(c.headingPath().size());
      for (String h : c.headingPath()) {
        out.writeString(h);
      }
      out.writeString(c.modality().name().toLowerCase(Locale.ROOT));
      out.writeString(metadataJson(c.metadata()));
      return new BytesRef(out.toArrayCopy());
    } catch (IOException e) {
      throw new UncheckedIOException(e); // in memory: does not happen
    }
  }

  /**
   * The chunk a record holds.
   *
   * @throws IllegalArgumentException when the record's version is not one this code reads
   */
  public static StoredChunk decode(BytesRef record) {
    try {
      return read(new ByteArrayDataInput(record.bytes, record.offset, record.length));
    } catch (IOException e) {
      throw new UncheckedIOException(e); // in memory: does not happen
    }
  }

  private static StoredChunk read(ByteArrayDataInput in) throws IOException {
    byte version = in.readByte();
    if (version != VERSION) {
      throw new IllegalArgumentException(
          "a chunk record must have layout version "
              + VERSION
              + " (an index written by a newer server?), got: "
              + version);
    }
    String chunkId = in.readString();
    String documentId = in.readString();
    int chunkNumber = in.readVInt();
    String text = in.readString();
    String source = in.readString();
    String title = in.readString();
    int pageStart = in.readVInt();
    int pageEnd = in.readVInt();
    int charStart = in.readVInt();
    int charEnd = in.readVInt();
    int headings = in.readVInt();
    List<String> headingPath = new ArrayList<>(headings);
    for (int i = 0; i < headings; i++) {
      headingPath.add(in.readString());
    }
    Modality modality = Modality.valueOf(in.readString().toUpperCase(Locale.ROOT));
    String metadata = in.readString();
    return new StoredChunk(
        chunkId,
        documentId,
        chunkNumber,
        text,
        source,
        title,
        pageStart,
        pageEnd,
        charStart,
        charEnd,
        headingPath,
        modality,
        metadata.isEmpty() ? Map.of() : parseMetadata(metadata));
  }

  /** Metadata as the stored fields keep it: JSON with sorted keys ("" for none here). */
  static String metadataJson(Map<String, Object> metadata) {
    if (metadata.isEmpty()) {
      return "";
    }
    try {
      return JSON.writeValueAsString(new TreeMap<>(metadata));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Metadata back from its JSON. */
  static Map<String, Object> parseMetadata(String json) {
    try {
      return JSON.readValue(json, new TypeReference<LinkedHashMap<String, Object>>() {});
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
