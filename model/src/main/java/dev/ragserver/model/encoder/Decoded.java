package dev.ragserver.model.encoder;

import dev.ragserver.model.MultiVector;
import dev.ragserver.model.SparseVector;

/**
 * The parts decoded for one text; absent parts are null.
 *
 * @param dense dense vector
 * @param sparse lexical weights
 * @param multiVector token vectors
 */
@SuppressWarnings("ArrayRecordComponent")
// arrays on purpose (a decoded dense vector); a carrier, never compared: identity equality is all
// it needs
public record Decoded(float[] dense, SparseVector sparse, MultiVector multiVector) {}
