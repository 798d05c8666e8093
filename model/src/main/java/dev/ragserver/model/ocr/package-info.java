/**
 * OCR with PaddleOCR models through ONNX Runtime: {@link dev.ragserver.model.ocr.TextDetector}
 * (DBNet probability map → boxes), {@link dev.ragserver.model.ocr.AngleClassifier} (0°/180°),
 * {@link dev.ragserver.model.ocr.TextRecognizer} (CTC decoding with the model's character list),
 * and {@link dev.ragserver.model.ocr.OcrEngine} putting the lines in reading order.
 */
package dev.ragserver.model.ocr;
