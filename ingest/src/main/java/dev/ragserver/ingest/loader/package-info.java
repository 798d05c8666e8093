/**
 * Loaders: one per format (text, Markdown, HTML, PDF, images), chosen by {@link
 * dev.ragserver.ingest.loader.ContentSniffer} from the file's content. A loader turns bytes into a
 * {@link dev.ragserver.ingest.document.ParsedDocument} or throws a {@link
 * dev.ragserver.ingest.loader.LoadException} that says, for the user, why the file was refused.
 */
package dev.ragserver.ingest.loader;
