/**
 * ONNX Runtime sessions: options from the configuration (threads, device), and the model's declared
 * inputs and outputs, checked at load with errors that list what the model actually has.
 */
package dev.ragserver.model.onnx;
