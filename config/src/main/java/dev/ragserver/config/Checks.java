package dev.ragserver.config;

import java.util.Locale;

/** Validation helpers whose messages state the rule, the key and the value that broke it. */
final class Checks {
  private Checks() {}

  static void notBlank(String key, String value) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(key + " must not be empty, got: \"" + value + "\"");
    }
  }

  static void notNull(String key, Object value) {
    if (value == null) {
      throw new IllegalArgumentException(key + " must be set");
    }
  }

  static void range(String key, long value, long min, long max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(
          String.format(
              Locale.ROOT, "%s must be between %d and %d, got: %d", key, min, max, value));
    }
  }
}
