package dev.ragserver.ingest.document;

/** The kinds of file ingest understands, detected from content (the file name only breaks ties). */
public enum DocumentType {
  TEXT("text/plain"),
  MARKDOWN("text/markdown"),
  HTML("text/html"),
  PDF("application/pdf"),
  IMAGE("image/*");

  private final String mediaType;

  DocumentType(String mediaType) {
    this.mediaType = mediaType;
  }

  /** The media type (images say which one in {@link ExtractedImage#format()}). */
  public String mediaType() {
    return mediaType;
  }

  /** Lower-case name, as stored in chunk metadata. */
  public String id() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
