package dev.ragserver.model.encoder;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.ragserver.config.Pooling;
import dev.ragserver.model.EmbeddingPart;
import dev.ragserver.model.ModelException;
import dev.ragserver.model.MultiVector;
import dev.ragserver.model.batch.FloatOutput;
import dev.ragserver.model.batch.TokenBatch;
import java.util.EnumSet;
import java.util.Set;

/**
 * Decodes token states {@code [batch, tokens, hidden]}.
 *
 * <ul>
 *   <li>dense: CLS state (or masked mean), L2-normalised;
 *   <li>multi-vector: the states of tokens 1 .. length-1 (CLS and padding dropped, the closing
 *       special token kept), through the ColBERT head when there is one, each L2-normalised;
 *   <li>sparse (only with a sparse head): {@code relu(sparse_linear(h))} per token, max per id,
 *       special ids dropped.
 * </ul>
 */
public final class HiddenStateDecoder implements OutputDecoder {
  private final String output;
  private final Pooling pooling;
  private final boolean normalize;
  private final LinearHead sparseHead;
  private final LinearHead colbertHead;
  private final Set<Integer> specialIds;

  /**
   * @param sparseHead BGE-M3's sparse_linear, or null (no sparse part)
   * @param colbertHead BGE-M3's colbert_linear, or null (raw token states)
   */
  public HiddenStateDecoder(
      String output,
      Pooling pooling,
      boolean normalize,
      LinearHead sparseHead,
      LinearHead colbertHead,
      Set<Integer> specialIds) {
    this.output = output;
    this.pooling = pooling;
    this.normalize = normalize;
    this.sparseHead = sparseHead;
    this.colbertHead = colbertHead;
    this.specialIds = Set.copyOf(specialIds);
  }

  @Override
  public Set<EmbeddingPart> parts() {
    return sparseHead == null
        ? EnumSet.of(EmbeddingPart.DENSE, EmbeddingPart.MULTI_VECTOR)
        : EmbeddingPart.all();
  }

  @Override
  public Set<String> outputs() {
    return Set.of(output);
  }

  @Override
  public Decoded[] decode(TokenBatch batch, OrtSession.Result result, Set<EmbeddingPart> parts)
      throws OrtException {
    FloatOutput states = FloatOutput.read(result, output).expect(batch.size(), 3);
    int seq = states.dim(1);
    int hidden = states.dim(2);
    if (seq != batch.seqLen()) {
      throw new ModelException(
          "output '"
              + output
              + "' has "
              + seq
              + " tokens per row; the batch has "
              + batch.seqLen());
    }
    checkHead(sparseHead, hidden, "model.sparse_head_file");
    checkHead(colbertHead, hidden, "model.colbert_head_file");
    float[] h = states.data();
    Decoded[] out = new Decoded[batch.size()];
    for (int r = 0; r < batch.size(); r++) {
      int length = batch.lengths()[r];
      int base = r * seq * hidden;
      float[] dense = parts.contains(EmbeddingPart.DENSE) ? dense(h, base, length, hidden) : null;
      MultiVector multi =
          parts.contains(EmbeddingPart.MULTI_VECTOR) ? tokens(h, base, length, hidden) : null;
      dev.ragserver.model.SparseVector sparse = null;
      if (parts.contains(EmbeddingPart.SPARSE)) {
        SparseAccumulator acc = new SparseAccumulator(specialIds);
        float[] w = new float[1];
        for (int t = 0; t < length; t++) {
          sparseHead.apply(h, base + t * hidden, w, 0);
          acc.add(batch.id(r, t), Math.max(w[0], 0f));
        }
        sparse = acc.build();
      }
      out[r] = new Decoded(dense, sparse, multi);
    }
    return out;
  }

  private static void checkHead(LinearHead head, int hidden, String key) {
    if (head != null && head.in() != hidden) {
      throw new ModelException(
          key
              + " expects hidden size "
              + head.in()
              + " but the model's token states have "
              + hidden);
    }
  }

  private float[] dense(float[] h, int base, int length, int hidden) {
    float[] v = new float[hidden];
    if (pooling == Pooling.CLS) {
      System.arraycopy(h, base, v, 0, hidden);
    } else {
      for (int t = 0; t < length; t++) {
        for (int i = 0; i < hidden; i++) {
          v[i] += h[base + t * hidden + i];
        }
      }
      for (int i = 0; i < hidden; i++) {
        v[i] /= length;
      }
    }
    if (normalize) {
      Vectors.normalize(v, 0, hidden);
    }
    return v;
  }

  private MultiVector tokens(float[] h, int base, int length, int hidden) {
    int count = Math.max(length - 1, 1);
    int dim = colbertHead == null ? hidden : colbertHead.out();
    float[] data = new float[count * dim];
    if (length < 2) {
      // Only a CLS token: fall back to it so the part is never empty.
      copyOrProject(h, base, data, 0, hidden);
    }
    for (int t = 1; t < length; t++) {
      copyOrProject(h, base + t * hidden, data, (t - 1) * dim, hidden);
    }
    if (normalize) {
      for (int i = 0; i < count; i++) {
        Vectors.normalize(data, i * dim, dim);
      }
    }
    return MultiVector.of(dim, data);
  }

  private void copyOrProject(float[] h, int from, float[] data, int to, int hidden) {
    if (colbertHead == null) {
      System.arraycopy(h, from, data, to, hidden);
    } else {
      colbertHead.apply(h, from, data, to);
    }
  }
}
