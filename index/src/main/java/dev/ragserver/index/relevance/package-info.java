/**
 * Relevance estimates: the probability that a hit is relevant, from its legs' raw scores through a
 * small logistic model fitted on judged queries ({@code ./rag eval --calibrate}), stored with each
 * collection; built-in models ship one fitted on SciFact's train split.
 */
package dev.ragserver.index.relevance;
