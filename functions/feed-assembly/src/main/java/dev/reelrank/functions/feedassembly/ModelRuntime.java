package dev.reelrank.functions.feedassembly;

/**
 * The two-tower model runs on DJL and PyTorch (JNI and JNA native libraries loaded at run time),
 * which cannot run in a native image (docs/native-images.md). A native executable asked to load the
 * model stops at start with this explanation instead of failing in DJL's native-library loading.
 */
final class ModelRuntime {
    private ModelRuntime() {}

    static void check(boolean modelEnabled, boolean nativeExecutable) {
        if (modelEnabled && nativeExecutable) {
            throw new IllegalStateException("this native executable carries no DJL/PyTorch: run it with "
                    + "reelrank.retrieval.model.enabled=false (REELRANK_MODEL_ENABLED=false: stored user embeddings only, "
                    + "no Up Next seeds from the video tower), or run the JVM jar to serve the two-tower model");
        }
    }
}
