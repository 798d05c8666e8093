/** Readers for BEIR-format datasets ({@code corpus.jsonl}, queries, qrels), e.g. SciFact. */
package dev.ragserver.tools.beir;
