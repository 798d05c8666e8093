/**
 * Token vectors for late interaction: compact encodings (fp32, int8 with a per-vector scale, 1-bit
 * signs) stored in binary doc values, and BGE-M3's MaxSim score over them with SIMD dot products
 * and no per-token allocation.
 */
package dev.ragserver.index.multivector;
