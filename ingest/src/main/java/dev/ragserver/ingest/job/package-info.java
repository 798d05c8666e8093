/**
 * Bulk ingest jobs: walk folders (globs, hidden files, symlink loops), read and parse files in
 * parallel while the model embeds, write whole documents to the index, commit periodically, skip
 * unchanged files by content hash, delete documents whose files are gone ({@code sync}), and report
 * progress as a {@link dev.ragserver.ingest.job.JobStatus}. One bad file never stops a job.
 */
package dev.ragserver.ingest.job;
