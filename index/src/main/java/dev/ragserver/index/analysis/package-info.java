/** Text analysis per collection language for the BM25 leg. */
package dev.ragserver.index.analysis;
