package dev.reelrank.modelartifacts;

import ai.djl.engine.Engine;

/**
 * Starts DJL's PyTorch engine the way this project needs it: offline (the native libraries come
 * from the Maven jars), and with a fixed number of intra-op threads. PyTorch reads the thread
 * settings once, when the engine starts, so the first caller in a JVM decides for every model in it;
 * explicit -D flags win. On 2 cores, serving measured best with one intra-op thread per request and
 * parallelism across requests.
 */
public final class DjlRuntime {
    private DjlRuntime() {}

    /**
     * The settings DJL reads from an environment variable or a system property, set as properties
     * where neither is given: native libraries extracted into {@code cacheDir} (about 430 MB, once),
     * and DJL's usage telemetry off (a serving function, or a tool, must never call out).
     */
    public static synchronized void configure(String cacheDir) {
        setIfAbsentInEnvironment("DJL_CACHE_DIR", cacheDir);
        setIfAbsentInEnvironment("OPT_OUT_TRACKING", "true");
    }

    public static synchronized Engine start(int intraOpThreads) {
        setIfAbsent("ai.djl.offline", "true");
        setIfAbsent("ai.djl.pytorch.num_threads", Integer.toString(intraOpThreads));
        setIfAbsent("ai.djl.pytorch.num_interop_threads", "1");
        return Engine.getEngine("PyTorch");
    }

    /** One intra-op thread: the serving setting. */
    public static Engine forServing() {
        return start(1);
    }

    /** Every core: the retrieval model's training (large batches of wide matrix products). */
    public static Engine forTraining() {
        return start(Math.max(1, Runtime.getRuntime().availableProcessors()));
    }

    private static void setIfAbsentInEnvironment(String key, String value) {
        if (System.getenv(key) == null) setIfAbsent(key, value);
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) System.setProperty(key, value);
    }
}
