package dev.reelrank.streamingfeatures;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reelrank.model.Popularity;
import dev.reelrank.model.VideoStatsDelta;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 21: a store outage must fail the task, not the embedded cluster, and the job must come back
 * by itself from its last checkpoint with every event counted exactly once. The job's own pipeline
 * after decoding ({@link StreamingFeaturesJob#features}) and its own Flink configuration run in a
 * MiniCluster, fed by a checkpointed generator instead of Kafka, into stores that refuse some flushes.
 */
class StoreOutageTest {
    static final int EVENTS = 6_000, VIDEOS = 10;
    static final long T0 = 1_780_000_000_000L, STEP_MS = 100;

    @TempDir
    Path checkpoints;

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)   // a safety net only: a stuck job would hang the build
    void theJobRestartsFromItsCheckpointThroughStoreOutagesAndCountsEveryEventOnce() throws Exception {
        FlakyStore<VideoStreamStats> stats = FlakyStore.create("stats", 5, 7);
        FlakyStore<TrendScore> trending = FlakyStore.create("trending", 11, 13);
        var s = settings();

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(StreamingFeaturesJob.configuration(s));
        env.setParallelism(s.parallelism());
        env.enableCheckpointing(s.checkpointInterval().toMillis(), CheckpointingMode.EXACTLY_ONCE);
        var source = new DataGeneratorSource<>(StoreOutageTest::event, EVENTS, RateLimiterStrategy.perCheckpoint(500),
                TypeInformation.of(InteractionEvent.class));
        StreamingFeaturesJob.features(env.fromSource(source, WatermarkStrategy.noWatermarks(), "generator"), s,
                FlakyStore.sink("stats", VideoStreamStats::videoId), FlakyStore.sink("trending", t -> t.scope() + "/" + t.videoId()));
        env.execute("store outage");

        assertEquals(2, stats.failures.get(), "the stats store was down for two flushes");
        assertEquals(2, trending.failures.get(), "the trending store was down for two flushes");
        assertTrue(stats.writers.get() > s.parallelism() && trending.writers.get() > s.parallelism(), "the tasks were restarted");

        assertEquals(VIDEOS, stats.values.size());
        for (var e : stats.values.entrySet())
            assertEquals(EVENTS / VIDEOS, e.getValue().total().views(), "views of " + e.getKey() + ", exactly once");

        Map<String, Double> expected = expectedTrending(s);
        assertEquals(expected.keySet(), trending.values.keySet());
        for (var e : expected.entrySet())
            assertEquals(e.getValue(), trending.values.get(e.getKey()).logScore(), 1e-9, "trending of " + e.getKey());
    }

    /** Video {@code i % VIDEOS}, one view and trending weight 1 each; even events from region BR. */
    static InteractionEvent event(long i) {
        return new InteractionEvent("v" + (i % VIDEOS), i % 2 == 0 ? "BR" : "",
                new VideoStatsDelta(0, 1, 0, 0, 0, 0, 0, 0, 0), 1.0, T0 + i * STEP_MS);
    }

    private static Map<String, Double> expectedTrending(StreamingFeaturesConfig s) {
        var decay = new ForwardDecay(s.halfLife().toMillis());
        Map<String, Double> scores = new HashMap<>();
        for (long i = 0; i < EVENTS; i++) {
            InteractionEvent e = event(i);
            scores.merge(Popularity.GLOBAL + "/" + e.videoId(), decay.add(ForwardDecay.EMPTY, 1.0, e.eventTimeMillis()), ForwardDecay::logSumExp2);
            if (!e.region().isEmpty())
                scores.merge(e.region() + "/" + e.videoId(), decay.add(ForwardDecay.EMPTY, 1.0, e.eventTimeMillis()), ForwardDecay::logSumExp2);
        }
        return scores;
    }

    private StreamingFeaturesConfig settings() {
        Map<String, String> p = Map.of("bounded", "true", "parallelism", "2", "restore", "none",
                "checkpoint-dir", checkpoints.toString(), "checkpoint-interval", "PT0.1S", "flush-interval", "PT0.05S",
                "restart-initial-backoff", "PT0.05S", "restart-max-backoff", "PT0.2S", "progress-interval", "PT0S");
        return StreamingFeaturesConfig.load(p::get, Map.of());
    }
}
