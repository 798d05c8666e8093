/** A reader for the safetensors format (head weights of encoder-only BGE-M3 exports). */
package dev.ragserver.model.safetensors;
