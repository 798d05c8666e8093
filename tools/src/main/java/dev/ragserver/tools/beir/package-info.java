/**
 * BEIR-format datasets ({@code corpus.jsonl}, queries, qrels), e.g. SciFact: reading them, and
 * downloading the public BEIR archives into a local cache on first use.
 */
package dev.ragserver.tools.beir;
