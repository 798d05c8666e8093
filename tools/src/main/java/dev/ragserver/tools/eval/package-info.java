/**
 * {@code ./rag eval}: retrieval quality on a BEIR-format dataset (SciFact, or a user's own question
 * → relevant-document pairs): nDCG@10, Recall@100, MRR@10 and latency per pipeline, fusion tuning
 * on a training split, and the regression files checked by one command.
 */
package dev.ragserver.tools.eval;
