/**
 * The {@code ./rag} command line (picocli): each sub-command parses its options, loads the
 * configuration and calls the modules below; none holds logic of its own beyond formatting output.
 */
package dev.ragserver.server.cli;
