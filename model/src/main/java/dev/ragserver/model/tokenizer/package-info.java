/**
 * Tokenization with HuggingFace {@code tokenizer.json} files (DJL's Rust tokenizers): special
 * tokens added, truncation to the model's max tokens detected and reported, special and padding ids
 * read from the file.
 */
package dev.ragserver.model.tokenizer;
