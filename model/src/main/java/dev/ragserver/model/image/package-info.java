/**
 * Image–text encoders (CLIP style): {@link dev.ragserver.model.image.ImagePreprocessor} prepares
 * pixels exactly as Hugging Face's image processor does with PIL ({@link
 * dev.ragserver.model.image.PilResize}), {@link dev.ragserver.model.image.ClipEncoder} runs the
 * vision and text ONNX models and normalises their embeddings into one space.
 */
package dev.ragserver.model.image;
