package dev.ragserver.model.ocr;

/**
 * Recognised text of one box.
 *
 * @param text the characters
 * @param score mean confidence of the characters (0..1)
 * @param box where it is in the image
 */
public record OcrLine(String text, float score, TextBox box) {}
