/**
 * The built-in models, loaded as classpath resources from the Maven jars that carry them:
 * bge-small-en-v1.5 (the default) and bge-small-zh-v1.5. CLS pooling, L2 normalisation, their query
 * instructions, 512 tokens; the multi-vector part is the normalised token states.
 */
package dev.ragserver.model.builtin;
