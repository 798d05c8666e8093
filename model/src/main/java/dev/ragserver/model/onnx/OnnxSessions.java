package dev.ragserver.model.onnx;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtProvider;
import ai.onnxruntime.OrtSession;
import dev.ragserver.config.Device;
import dev.ragserver.config.GraphOptimization;
import dev.ragserver.config.ModelConfig;
import dev.ragserver.model.ModelException;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Objects;

/** Creates ONNX Runtime sessions with the configured threads and device. */
public final class OnnxSessions {
  private OnnxSessions() {}

  /** The process-wide ONNX Runtime environment. */
  public static OrtEnvironment environment() {
    return OrtEnvironment.getEnvironment();
  }

  /**
   * How a session runs: threads and device.
   *
   * @param intraOpThreads threads inside one operator; 0 = one per core
   * @param interOpThreads threads across operators
   * @param allowSpinning whether idle threads spin
   * @param device cpu or cuda
   * @param deviceId CUDA device
   * @param graphOptimization how far the graph is rewritten at load
   * @param memoryPattern whether ONNX Runtime plans memory from the first run's shapes
   * @param cpuArena whether CPU memory comes from ONNX Runtime's arena
   */
  public record Settings(
      int intraOpThreads,
      int interOpThreads,
      boolean allowSpinning,
      Device device,
      int deviceId,
      GraphOptimization graphOptimization,
      boolean memoryPattern,
      boolean cpuArena) {
    public Settings {
      Objects.requireNonNull(device, "device");
      Objects.requireNonNull(graphOptimization, "graphOptimization");
    }

    /** CPU settings with ONNX Runtime's defaults for the graph and memory. */
    public static Settings cpu(int intraOpThreads, boolean allowSpinning) {
      return new Settings(
          intraOpThreads, 1, allowSpinning, Device.CPU, 0, GraphOptimization.ALL, true, true);
    }

    /** The settings of a text model's configuration. */
    public static Settings of(ModelConfig config) {
      return new Settings(
          config.intraOpThreads(),
          config.interOpThreads(),
          config.allowSpinning(),
          config.device(),
          config.deviceId(),
          config.graphOptimization(),
          config.memoryPattern(),
          config.cpuArena());
    }
  }

  /** A session over a model file (external data beside it is found by ONNX Runtime). */
  public static LoadedSession open(Path file, ModelConfig config) {
    return open(file, Settings.of(config));
  }

  /** A session over a model file. */
  public static LoadedSession open(Path file, Settings settings) {
    return open(
        file.toString(), settings, (env, options) -> env.createSession(file.toString(), options));
  }

  /** A session over model bytes (the built-in models, read from the classpath). */
  public static LoadedSession open(byte[] model, String source, ModelConfig config) {
    return open(model, source, Settings.of(config));
  }

  /** A session over model bytes. */
  public static LoadedSession open(byte[] model, String source, Settings settings) {
    return open(source, settings, (env, options) -> env.createSession(model, options));
  }

  /** Session options for the configuration; closed by the caller. */
  public static OrtSession.SessionOptions options(ModelConfig config) throws OrtException {
    return options(Settings.of(config));
  }

  /** Session options for these settings; closed by the caller. */
  public static OrtSession.SessionOptions options(Settings config) throws OrtException {
    OrtSession.SessionOptions options = new OrtSession.SessionOptions();
    try {
      options.setOptimizationLevel(
          switch (config.graphOptimization()) {
            case NONE -> OrtSession.SessionOptions.OptLevel.NO_OPT;
            case BASIC -> OrtSession.SessionOptions.OptLevel.BASIC_OPT;
            case EXTENDED -> OrtSession.SessionOptions.OptLevel.EXTENDED_OPT;
            case ALL -> OrtSession.SessionOptions.OptLevel.ALL_OPT;
          });
      options.setMemoryPatternOptimization(config.memoryPattern());
      options.setCPUArenaAllocator(config.cpuArena());
      options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
      int intra =
          config.intraOpThreads() == 0
              ? Runtime.getRuntime().availableProcessors()
              : config.intraOpThreads();
      options.setIntraOpNumThreads(intra);
      options.addConfigEntry("session.intra_op.allow_spinning", config.allowSpinning() ? "1" : "0");
      options.setInterOpNumThreads(config.interOpThreads());
      if (config.device() == Device.CUDA) {
        requireCuda();
        try {
          options.addCUDA(config.deviceId());
        } catch (OrtException e) {
          throw new ModelException(
              "model.device is cuda, but CUDA device "
                  + config.deviceId()
                  + " could not be started (model.device_id): "
                  + e.getMessage(),
              e);
        }
      }
      return options;
    } catch (OrtException | RuntimeException e) {
      options.close();
      throw e;
    }
  }

  private static void requireCuda() {
    EnumSet<OrtProvider> providers = OrtEnvironment.getAvailableProviders();
    if (!providers.contains(OrtProvider.CUDA)) {
      throw new ModelException(
          "model.device is cuda, but the ONNX Runtime on the classpath has no CUDA provider"
              + " (available: "
              + providers
              + "). It is the CPU build (com.microsoft.onnxruntime:onnxruntime);"
              + " build with the gpu profile (RAG_GPU=1 ./rag ..., or mvn -Pgpu) to use onnxruntime_gpu, on a"
              + " machine with an NVIDIA driver, CUDA 12 and cuDNN 9; or set model.device: cpu.");
    }
  }

  private interface Factory {
    OrtSession create(OrtEnvironment env, OrtSession.SessionOptions options) throws OrtException;
  }

  private static LoadedSession open(String source, Settings config, Factory factory) {
    OrtEnvironment env = environment();
    try (OrtSession.SessionOptions options = options(config)) {
      OrtSession session = factory.create(env, options);
      try {
        return new LoadedSession(session, Signature.of(source, session), source);
      } catch (OrtException | RuntimeException e) {
        session.close();
        throw e;
      }
    } catch (OrtException e) {
      throw new ModelException("ONNX Runtime cannot load " + source + ": " + e.getMessage(), e);
    }
  }
}
