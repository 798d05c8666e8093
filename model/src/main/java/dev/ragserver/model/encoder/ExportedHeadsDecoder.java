package dev.ragserver.model.encoder;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.ragserver.model.EmbeddingPart;
import dev.ragserver.model.ModelException;
import dev.ragserver.model.MultiVector;
import dev.ragserver.model.SparseVector;
import dev.ragserver.model.batch.FloatOutput;
import dev.ragserver.model.batch.TokenBatch;
import java.util.Arrays;
import java.util.Set;

/**
 * Decodes BGE-M3 exports that compute the three heads in the graph: dense {@code [B, D]}, sparse
 * {@code [B, T]} or {@code [B, T, 1]} (post-ReLU, per token), ColBERT {@code [B, T-1, D]} (CLS
 * dropped). Row i of the ColBERT output belongs to token i+1, so it is kept only where {@code
 * attention_mask[i + 1]} is 1 (the shifted mask).
 */
public final class ExportedHeadsDecoder implements OutputDecoder {
  private final String dense;
  private final String sparse;
  private final String colbert;
  private final boolean normalize;
  private final Set<Integer> specialIds;

  public ExportedHeadsDecoder(
      String dense, String sparse, String colbert, boolean normalize, Set<Integer> specialIds) {
    this.dense = dense;
    this.sparse = sparse;
    this.colbert = colbert;
    this.normalize = normalize;
    this.specialIds = Set.copyOf(specialIds);
  }

  @Override
  public Set<EmbeddingPart> parts() {
    return EmbeddingPart.all();
  }

  @Override
  public Set<String> outputs() {
    return Set.of(dense, sparse, colbert);
  }

  @Override
  public Decoded[] decode(TokenBatch batch, OrtSession.Result result, Set<EmbeddingPart> parts)
      throws OrtException {
    int rows = batch.size();
    FloatOutput d =
        parts.contains(EmbeddingPart.DENSE)
            ? FloatOutput.read(result, dense).expect(rows, 2)
            : null;
    FloatOutput s =
        parts.contains(EmbeddingPart.SPARSE)
            ? FloatOutput.read(result, sparse).expect(rows, 2, 3)
            : null;
    FloatOutput c =
        parts.contains(EmbeddingPart.MULTI_VECTOR)
            ? FloatOutput.read(result, colbert).expect(rows, 3)
            : null;
    if (s != null && (s.dim(1) != batch.seqLen() || (s.shape().length == 3 && s.dim(2) != 1))) {
      throw new ModelException(
          "output '"
              + sparse
              + "' must be [batch, "
              + batch.seqLen()
              + "(, 1)], got: "
              + Arrays.toString(s.shape()));
    }
    if (c != null && c.dim(1) != batch.seqLen() - 1) {
      throw new ModelException(
          "output '"
              + colbert
              + "' must have one row per token after CLS ("
              + (batch.seqLen() - 1)
              + "), got: "
              + Arrays.toString(c.shape()));
    }
    Decoded[] out = new Decoded[rows];
    for (int r = 0; r < rows; r++) {
      int length = batch.lengths()[r];
      float[] dv = null;
      if (d != null) {
        int dim = d.dim(1);
        dv = Arrays.copyOfRange(d.data(), r * dim, (r + 1) * dim);
        if (normalize) {
          Vectors.normalize(dv, 0, dim);
        }
      }
      SparseVector sv = null;
      if (s != null) {
        SparseAccumulator acc = new SparseAccumulator(specialIds);
        int seq = s.dim(1);
        for (int t = 0; t < seq; t++) {
          if (batch.mask()[r * batch.seqLen() + t] == 1) {
            acc.add(batch.id(r, t), s.data()[r * seq + t]);
          }
        }
        sv = acc.build();
      }
      MultiVector mv = null;
      if (c != null) {
        mv = colbertRows(c, batch, r, length);
      }
      out[r] = new Decoded(dv, sv, mv);
    }
    return out;
  }

  private MultiVector colbertRows(FloatOutput c, TokenBatch batch, int r, int length) {
    int rowsPerText = c.dim(1);
    int dim = c.dim(2);
    int base = r * rowsPerText * dim;
    int kept = 0;
    float[] data = new float[Math.max(length - 1, 1) * dim];
    for (int i = 0; i < rowsPerText; i++) {
      if (batch.mask()[r * batch.seqLen() + i + 1] == 1) {
        System.arraycopy(c.data(), base + i * dim, data, kept * dim, dim);
        kept++;
      }
    }
    if (kept == 0) {
      throw new ModelException(
          "text at position " + batch.positions()[r] + " has no token after CLS for ColBERT");
    }
    if (normalize) {
      for (int i = 0; i < kept; i++) {
        Vectors.normalize(data, i * dim, dim);
      }
    }
    return MultiVector.of(dim, Arrays.copyOf(data, kept * dim));
  }
}
