/** Waiting for tasks on other threads with their own exceptions back, shared by every module. */
package dev.ragserver.model.concurrent;
