package dev.reelrank.rankingmodel;

import ai.djl.engine.Engine;

/**
 * Starts DJL's PyTorch engine offline with a fixed number of intra-op threads, the same way the
 * retrieval model does (kept as a small copy so this stage does not depend on that one; both only
 * set properties nobody set before, so whichever runs first in a JVM decides and they agree).
 * PyTorch reads the thread settings once, when the engine starts; {@code -Dai.djl.pytorch.num_threads}
 * overrides it. On 2 shared cores one intra-op thread per request measured a far better p99 than
 * two (thread contention), so serving uses one. Training uses one too: this network's operations
 * are small, and on the loaded 2-core box an epoch of the test data took 0.1 s with one thread
 * and 2.0 s with two (the second thread mostly waits to be scheduled).
 */
public final class DjlRuntime {
    private DjlRuntime() {}

    /** Native libraries extracted into {@code cacheDir} (about 430 MB, once) and DJL's telemetry off, unless set already. */
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

    public static Engine forServing() {
        return start(1);
    }

    public static Engine forTraining() {
        return start(1);
    }

    private static void setIfAbsentInEnvironment(String key, String value) {
        if (System.getenv(key) == null) setIfAbsent(key, value);
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) System.setProperty(key, value);
    }
}
