/**
 * The tools' commands: {@code ./rag bench embed|index|ingest|serve|images} and {@code ./rag eval}.
 */
package dev.ragserver.tools.cli;
