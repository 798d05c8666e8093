package dev.ragserver.model.builtin;

/** The default model, bge-small-en-v1.5. */
class BuiltInEnglishModelTest extends EnglishModelContract {
  @Override
  String name() {
    return "bge-small-en-v1.5";
  }
}
