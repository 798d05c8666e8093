/**
 * Configuration: one YAML file bound to immutable, self-validating records.
 *
 * <p>Sources, later ones win: the commented defaults shipped in this module ({@code rag.yaml} on
 * the classpath), a {@code rag.yaml} in the working directory or the file given with {@code
 * --config}, environment variables {@code RAG_SECTION_KEY}, and {@code --set key=value} flags. An
 * unknown key or a bad value fails start-up with a message naming the key, the value and what is
 * allowed. This package knows no runtime: it has no ONNX, Lucene or HTTP types.
 */
package dev.ragserver.config;
