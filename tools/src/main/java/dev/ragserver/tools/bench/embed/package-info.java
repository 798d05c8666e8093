/**
 * The embedding benchmark behind {@code ./rag bench embed}: our whole pipeline against a bare ONNX
 * Runtime session on the same pre-tokenised batches, in one run, reported as a ratio.
 */
package dev.ragserver.tools.bench.embed;
