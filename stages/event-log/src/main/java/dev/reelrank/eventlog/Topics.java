package dev.reelrank.eventlog;

/** Kafka topic names; created by {@code scripts/stack up} with the partitioning noted here. */
public final class Topics {
    /** Keyed by userId (12 partitions), so one user's events are processed in order. */
    public static final String INTERACTIONS = "interactions";
    /** Compacted, keyed by videoId: the latest metadata of every video. */
    public static final String VIDEOS = "videos";
    /** Compacted, keyed by videoId, value tagged with the model version. */
    public static final String VIDEO_EMBEDDINGS = "video-embeddings";
    /** Compacted, one partition, keyed by model name: which version serves ({@code rollouts.ModelRollout}). */
    public static final String MODEL_ROLLOUTS = "model-rollouts";

    private Topics() {}
}
