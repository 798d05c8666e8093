package dev.ragserver.model.batch;

/**
 * Texts padded to a common length, ready for the model. Arrays are row-major [size, seqLen].
 *
 * @param positions index of each row's text in the caller's list
 * @param lengths real tokens per row (the rest is padding)
 * @param seqLen padded length: the longest row
 * @param ids token ids, padding filled with the pad id
 * @param mask 1 for real tokens, 0 for padding
 */
@SuppressWarnings("ArrayRecordComponent")
// arrays on purpose (the int64 tensors fed to ONNX Runtime); a carrier, never compared: identity
// equality is all it needs
public record TokenBatch(int[] positions, int[] lengths, int seqLen, long[] ids, long[] mask) {
  public TokenBatch {
    if (positions.length == 0) {
      throw new IllegalArgumentException("a batch needs at least one text");
    }
    if (lengths.length != positions.length
        || ids.length != positions.length * seqLen
        || mask.length != ids.length) {
      throw new IllegalArgumentException(
          "inconsistent batch: "
              + positions.length
              + " rows, seqLen "
              + seqLen
              + ", "
              + ids.length
              + " ids, "
              + mask.length
              + " mask values");
    }
  }

  /** Number of texts. */
  public int size() {
    return positions.length;
  }

  /** Real tokens in the whole batch. */
  public long tokenCount() {
    long sum = 0;
    for (int l : lengths) {
      sum += l;
    }
    return sum;
  }

  /** Token id at row r, position t. */
  public long id(int r, int t) {
    return ids[r * seqLen + t];
  }
}
