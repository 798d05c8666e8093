/**
 * Tools around the product, not part of it: benchmarks ({@code bench.*}), the evaluation harness
 * ({@code eval}) and the BEIR corpus reader ({@code beir}), with their commands ({@code cli}).
 */
package dev.ragserver.tools;
