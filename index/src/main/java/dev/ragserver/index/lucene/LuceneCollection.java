package dev.ragserver.index.lucene;

import dev.ragserver.config.SearchConfig;
import dev.ragserver.index.IndexException;
import dev.ragserver.index.analysis.Analyzers;
import dev.ragserver.index.blob.BlobStore;
import dev.ragserver.index.blob.FileBlobStore;
import dev.ragserver.index.codec.CollectionCodec;
import dev.ragserver.index.collection.BulkLoad;
import dev.ragserver.index.collection.CollectionIndex;
import dev.ragserver.index.collection.CollectionManifest;
import dev.ragserver.index.collection.CollectionStats;
import dev.ragserver.index.collection.Guarantees;
import dev.ragserver.index.filter.Filter;
import dev.ragserver.index.filter.Filters;
import dev.ragserver.index.schema.Chunk;
import dev.ragserver.index.schema.ChunkFields;
import dev.ragserver.index.schema.StoredChunk;
import dev.ragserver.index.search.HybridSearcher;
import dev.ragserver.index.search.SearchRequest;
import dev.ragserver.index.search.SearchResult;
import dev.ragserver.index.snapshot.SnapshotSink;
import dev.ragserver.model.concurrent.Deadline;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.Function;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexCommit;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.KeepOnlyLastCommitDeletionPolicy;
import org.apache.lucene.index.MultiBits;
import org.apache.lucene.index.MultiTerms;
import org.apache.lucene.index.PostingsEnum;
import org.apache.lucene.index.SnapshotDeletionPolicy;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherFactory;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.Bits;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.StringHelper;

/**
 * The embedded backend of a {@link CollectionIndex}: a Lucene index with a single writer,
 * near-real-time searchers refreshed every {@link WriteSettings} interval, and the manifest. Writes
 * are atomic per document; a {@link #commit()} is durable (fsync) before it returns. Thread-safe.
 */
public final class LuceneCollection implements CollectionIndex {
  /** Indexing buffer per collection before Lucene flushes a segment. */
  static final double RAM_BUFFER_MB = WriteSettings.NORMAL_RAM_BUFFER_MB;

  static final String INDEX_DIR = "index";

  private final Path dir;
  private final BlobStore blobs;
  private final CollectionManifest manifest;
  private final Directory directory;
  private final IndexWriter writer;
  private final SnapshotDeletionPolicy commits;
  private final SearcherManager searchers;
  private final HybridSearcher hybrid;
  private final Analyzer analyzer;
  private final Executor legExecutor;
  private final Refresher refresher;

  private LuceneCollection(
      Path dir,
      CollectionManifest manifest,
      WriteSettings refresh,
      SearchConfig search,
      Executor legExecutor)
      throws IOException {
    this.dir = dir;
    this.blobs = new FileBlobStore(dir.resolve("blobs"));
    this.manifest = manifest;
    this.analyzer = Analyzers.forLanguage(manifest.settings().analyzer());
    this.legExecutor = legExecutor;
    this.directory = FSDirectory.open(dir.resolve(INDEX_DIR));
    IndexWriterConfig config =
        new IndexWriterConfig(analyzer)
            .setSimilarity(Analyzers.similarity())
            .setCodec(
                new CollectionCodec(
                    manifest.settings().hnswMaxConn(),
                    manifest.settings().hnswBeamWidth(),
                    manifest.settings().quantization(),
                    refresh.mergeThreads()))
            // token vectors make chunks large (300 tokens × 388 bytes at int8): a bigger buffer
            // than
            // Lucene's 16 MB means fewer flushed segments and less merging during bulk ingest
            .setRAMBufferSizeMB(RAM_BUFFER_MB)
            // keeps the files of a commit a snapshot is copying, while writes go on
            .setIndexDeletionPolicy(
                new SnapshotDeletionPolicy(new KeepOnlyLastCommitDeletionPolicy()))
            .setCommitOnClose(true);
    this.commits = (SnapshotDeletionPolicy) config.getIndexDeletionPolicy();
    IndexWriter w;
    try {
      w = new IndexWriter(directory, config);
    } catch (IOException | RuntimeException e) {
      directory.close();
      throw e;
    }
    this.writer = w;
    this.searchers =
        new SearcherManager(
            writer,
            new SearcherFactory() {
              @Override
              public IndexSearcher newSearcher(IndexReader reader, IndexReader previous) {
                IndexSearcher s = new IndexSearcher(reader);
                s.setSimilarity(Analyzers.similarity());
                return s;
              }
            });
    this.hybrid = HybridSearcher.forCollection(dir, manifest, search, legExecutor);
    // a new searcher every refresh interval, a longer one during bulk loads (refresh() and commit()
    // reopen at once themselves)
    this.refresher =
        new Refresher(
            manifest.name(),
            searchers,
            refresh,
            bulk ->
                writer
                    .getConfig()
                    .setRAMBufferSizeMB(
                        bulk
                            ? refresh.bulkRamBufferMbForHeap(Runtime.getRuntime().maxMemory())
                            : RAM_BUFFER_MB));
  }

  /** An empty, committed index in a new collection's folder (which holds its manifest). */
  static LuceneCollection create(
      Path dir,
      CollectionManifest manifest,
      WriteSettings refresh,
      SearchConfig search,
      Executor legExecutor) {
    try {
      LuceneCollection c = new LuceneCollection(dir, manifest, refresh, search, legExecutor);
      c.commit();
      return c;
    } catch (IOException e) {
      throw new IndexException(
          "cannot create collection " + manifest.name() + " in " + dir + ": " + e.getMessage(), e);
    }
  }

  /** Opens an existing collection folder. */
  static LuceneCollection open(
      Path dir,
      CollectionManifest manifest,
      WriteSettings refresh,
      SearchConfig search,
      Executor legExecutor) {
    try {
      return new LuceneCollection(dir, manifest, refresh, search, legExecutor);
    } catch (IOException e) {
      throw new IndexException(
          "cannot open collection " + manifest.name() + " in " + dir + ": " + e.getMessage(), e);
    }
  }

  /** The manifest. */
  @Override
  public CollectionManifest manifest() {
    return manifest;
  }

  @Override
  public Guarantees guarantees() {
    return LuceneBackend.GUARANTEES;
  }

  /** Original images and thumbnails of this collection (folder {@code blobs/}). */
  @Override
  public BlobStore blobs() {
    return blobs;
  }

  /** The collection's folder. */
  @Override
  public Path directory() {
    return dir;
  }

  /**
   * Replaces every chunk of each document named in {@code chunks} by the given ones with one {@code
   * updateDocuments} per document, so a search sees all of a document's old chunks or all of its
   * new ones. Not durable until {@link #commit()}. The chunks were checked above the seam.
   *
   * @return the number of documents written
   */
  @Override
  public int upsert(List<Chunk> chunks) {
    Map<String, List<Document>> byDocument = new LinkedHashMap<>();
    for (Chunk c : chunks) {
      byDocument
          .computeIfAbsent(c.documentId(), k -> new ArrayList<>())
          .add(ChunkFields.toDocument(c, manifest.settings().multiVectorPrecision()));
    }
    try {
      for (Map.Entry<String, List<Document>> e : byDocument.entrySet()) {
        writer.updateDocuments(new Term(ChunkFields.DOC_ID, e.getKey()), e.getValue());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return byDocument.size();
  }

  /** Deletes every chunk of these documents. Not durable until {@link #commit()}. */
  @Override
  public void deleteDocuments(List<String> documentIds) {
    try {
      writer.deleteDocuments(
          documentIds.stream().map(id -> new Term(ChunkFields.DOC_ID, id)).toArray(Term[]::new));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Deletes every chunk that matches the filter.
   *
   * @return how many chunks matched when the delete was issued (as of the latest refresh)
   */
  @Override
  public long deleteByFilter(Filter filter) {
    Query query = Filters.toQuery(filter);
    try {
      refresh();
      IndexSearcher s = searchers.acquire();
      long count;
      try {
        count = s.count(query);
      } finally {
        searchers.release(s);
      }
      writer.deleteDocuments(query);
      return count;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Commits, holds that commit's files while they are handed to the sink (writes, merges and
   * queries go on: files a merge drops meanwhile are deleted only once the snapshot is released),
   * then the manifest, the relevance model and the blobs.
   */
  @Override
  public long snapshot(SnapshotSink sink) {
    commit();
    IndexCommit commit;
    try {
      commit = commits.snapshot();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try {
      long chunks;
      try (DirectoryReader reader = DirectoryReader.open(commit)) {
        chunks = reader.numDocs();
      }
      sink.add(CollectionManifest.FILE, dir.resolve(CollectionManifest.FILE));
      Path relevance = dir.resolve(dev.ragserver.index.relevance.RelevanceModel.FILE);
      if (Files.exists(relevance)) {
        sink.add(relevance.getFileName().toString(), relevance);
      }
      Path index = dir.resolve(INDEX_DIR);
      for (String f : commit.getFileNames()) {
        sink.add(INDEX_DIR + "/" + f, index.resolve(f));
      }
      Path blobDir = dir.resolve("blobs");
      if (Files.isDirectory(blobDir)) {
        List<Path> files;
        try (java.util.stream.Stream<Path> walk = Files.walk(blobDir)) {
          files = walk.filter(Files::isRegularFile).sorted().toList();
        }
        for (Path f : files) {
          sink.add(dir.relativize(f).toString().replace('\\', '/'), f);
        }
      }
      return chunks;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      try {
        commits.release(commit);
        writer.deleteUnusedFiles();
      } catch (IOException e) {
        System.getLogger(LuceneCollection.class.getName())
            .log(
                System.Logger.Level.WARNING,
                "collection "
                    + manifest.name()
                    + ": releasing a snapshot's commit: "
                    + e.getMessage());
      }
    }
  }

  /** Makes every write so far durable: it survives a crash or {@code kill -9} once this returns. */
  @Override
  public void commit() {
    try {
      writer.commit();
      searchers.maybeRefreshBlocking();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Merges the index down to at most {@code maxSegments} segments and commits: after a bulk load,
   * fewer segments make every query cheaper (each segment has its own HNSW graph). Costly; run it
   * when the collection is quiet.
   */
  @Override
  public void forceMerge(int maxSegments) {
    try {
      writer.forceMerge(maxSegments);
      commit();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Makes every write so far visible to searches now (without waiting for the refresh interval).
   */
  @Override
  public void refresh() {
    try {
      searchers.maybeRefreshBlocking();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public BulkLoad beginBulkLoad() {
    return refresher.beginBulkLoad();
  }

  /**
   * Runs a hybrid query on the latest refreshed view. With a deadline, the query runs on its own
   * searcher over the same reader whose {@link IndexSearcher#setTimeout} stops every leg's
   * collection at the deadline.
   */
  @Override
  public SearchResult search(SearchRequest request) {
    return withSearcher(
        s ->
            hybrid.search(
                new LuceneSearchView(timed(s, request.deadline()), analyzer, legExecutor),
                request));
  }

  private static IndexSearcher timed(IndexSearcher shared, Deadline deadline) {
    if (deadline == Deadline.NONE) {
      return shared;
    }
    IndexSearcher s = new IndexSearcher(shared.getIndexReader());
    s.setSimilarity(shared.getSimilarity());
    s.setQueryCache(shared.getQueryCache());
    s.setTimeout(deadline::expired);
    return s;
  }

  /** Every chunk of a document, in chunk order (empty when there is none). */
  @Override
  public List<StoredChunk> document(String documentId) {
    return withSearcher(
        s -> {
          try {
            Query q = new TermQuery(new Term(ChunkFields.DOC_ID, documentId));
            int n = Math.max(1, s.count(q));
            TopDocs top =
                s.search(q, n, new Sort(new SortField(ChunkFields.CHUNK_NO, SortField.Type.INT)));
            List<StoredChunk> out = new ArrayList<>();
            ChunkReader chunks = new ChunkReader(s.getIndexReader());
            for (ScoreDoc sd : top.scoreDocs) {
              out.add(chunks.read(sd.doc));
            }
            return out;
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
  }

  /** Counts and size as of the latest refresh. */
  @Override
  public CollectionStats stats() {
    return withSearcher(
        s -> {
          try {
            long chunks = s.count(MatchAllDocsQuery.INSTANCE);
            long documents = liveDocumentIds(s, "", null);
            long bytes = 0;
            for (String file : directory.listAll()) {
              try {
                bytes += directory.fileLength(file);
              } catch (IOException ignored) {
                // a file merged away while listing
              }
            }
            return new CollectionStats(
                documents, chunks, s.getIndexReader().leaves().size(), bytes);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
  }

  /**
   * Ids of the documents that have at least one chunk, as of the latest refresh, in id order,
   * limited to those starting with {@code prefix} ("" for all).
   */
  @Override
  public List<String> documentIds(String prefix) {
    return withSearcher(
        s -> {
          List<String> out = new ArrayList<>();
          try {
            liveDocumentIds(s, prefix, out);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
          return out;
        });
  }

  /**
   * Counts (and collects, when {@code out} is not null) live document ids starting with the prefix.
   */
  private static long liveDocumentIds(IndexSearcher s, String prefix, List<String> out)
      throws IOException {
    Terms terms = MultiTerms.getTerms(s.getIndexReader(), ChunkFields.DOC_ID);
    if (terms == null) {
      return 0;
    }
    long documents = 0;
    TermsEnum it = terms.iterator();
    PostingsEnum postings = null;
    Bits live = MultiBits.getLiveDocs(s.getIndexReader());
    BytesRef start = new BytesRef(prefix);
    if (it.seekCeil(start) == TermsEnum.SeekStatus.END) {
      return 0;
    }
    for (BytesRef term = it.term();
        term != null && StringHelper.startsWith(term, start);
        term = it.next()) {
      postings = it.postings(postings, PostingsEnum.NONE);
      for (int d = postings.nextDoc(); d != DocIdSetIterator.NO_MORE_DOCS; d = postings.nextDoc()) {
        if (live == null || live.get(d)) {
          documents++;
          if (out != null) {
            out.add(term.utf8ToString());
          }
          break;
        }
      }
    }
    return documents;
  }

  /** The first chunk of a document (which carries its metadata), as of the latest refresh. */
  @Override
  public Optional<StoredChunk> firstChunk(String documentId) {
    return withSearcher(
        s -> {
          try {
            TopDocs top =
                s.search(
                    new TermQuery(new Term(ChunkFields.DOC_ID, documentId)),
                    1,
                    new Sort(new SortField(ChunkFields.CHUNK_NO, SortField.Type.INT)));
            if (top.scoreDocs.length == 0) {
              return Optional.empty();
            }
            return Optional.of(new ChunkReader(s.getIndexReader()).read(top.scoreDocs[0].doc));
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
  }

  /** Runs an action on the latest refreshed searcher. */
  private <T> T withSearcher(Function<IndexSearcher, T> action) {
    try {
      IndexSearcher s = searchers.acquire();
      try {
        return action.apply(s);
      } finally {
        searchers.release(s);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    refresher.close();
    try {
      searchers.close();
      writer.close();
      directory.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
