package dev.ragserver.index.lucene;

import dev.ragserver.index.schema.ChunkFields;
import dev.ragserver.index.schema.ChunkRecord;
import dev.ragserver.index.schema.StoredChunk;
import java.io.IOException;
import java.util.List;
import org.apache.lucene.index.BinaryDocValues;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.index.StoredFields;

/**
 * Reads chunks back by doc id, in any order, from one reader: from a chunk's {@link
 * ChunkFields#RECORD} when it has one, else (a chunk written before records existed) from its
 * stored fields. For one request on one thread: doc-values iterators only go forward, so a read
 * behind the last one in its segment takes a new iterator.
 */
final class ChunkReader {
  private final IndexReader reader;
  private final List<LeafReaderContext> leaves;
  private final BinaryDocValues[] records;
  private StoredFields stored;

  ChunkReader(IndexReader reader) {
    this.reader = reader;
    this.leaves = reader.leaves();
    this.records = new BinaryDocValues[leaves.size()];
  }

  /** The chunk of a doc id of this reader. */
  StoredChunk read(int doc) throws IOException {
    int leafIndex = ReaderUtil.subIndex(doc, leaves);
    LeafReaderContext leaf = leaves.get(leafIndex);
    int local = doc - leaf.docBase;
    BinaryDocValues values = records[leafIndex];
    if (values == null || values.docID() >= local) {
      values = leaf.reader().getBinaryDocValues(ChunkFields.RECORD);
      records[leafIndex] = values;
    }
    if (values != null && values.advanceExact(local)) {
      return ChunkRecord.decode(values.binaryValue());
    }
    if (stored == null) {
      stored = reader.storedFields();
    }
    return ChunkFields.fromDocument(stored.document(doc));
  }
}
