package dev.ragserver.model.builtin;

/** bge-small-en-v1.5-q, the int8 export of the default model: the same contract. */
class BuiltInEnglishInt8ModelTest extends EnglishModelContract {
  @Override
  String name() {
    return "bge-small-en-v1.5-q";
  }

  /**
   * Measured: a one-word text batched with three long ones moves by up to 0.008 per element (cosine
   * 0.996) — its padding and batch-mates change the activations' quantisation scale.
   */
  @Override
  float batchTolerance() {
    return 0.02f;
  }

  @Override
  boolean batchInvariant() {
    return false;
  }

  @Override
  double minBatchCosine() {
    return 0.99;
  }
}
