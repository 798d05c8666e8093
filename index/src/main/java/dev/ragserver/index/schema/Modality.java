package dev.ragserver.index.schema;

/** What a chunk holds. */
public enum Modality {
  /** A piece of a document's text. */
  TEXT,
  /** An image, described by its OCR text, caption or surrounding text. */
  IMAGE
}
