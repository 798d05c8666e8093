/** Ingest jobs: the request over server-side paths and a job's status. */
package dev.ragserver.api.jobs;
