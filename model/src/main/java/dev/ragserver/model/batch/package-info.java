/**
 * Throughput: texts sorted by token length, cut into batches padded only to their longest text, run
 * on a shared session (optionally several batches at once), outputs decoded per batch.
 */
package dev.ragserver.model.batch;
