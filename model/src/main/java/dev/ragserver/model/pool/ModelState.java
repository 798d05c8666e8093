package dev.ragserver.model.pool;

import java.util.Optional;

/**
 * A served model's state in its pool.
 *
 * @param name the model's name
 * @param loaded whether it is loaded now
 * @param loads how often it was loaded
 * @param unloads how often it was closed to make room
 * @param lastLoadNanos how long its last load took (0 before the first)
 * @param problem why its last load failed (empty once a load succeeds)
 */
public record ModelState(
    String name,
    boolean loaded,
    long loads,
    long unloads,
    long lastLoadNanos,
    Optional<String> problem) {}
