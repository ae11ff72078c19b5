package dev.reelrank.streamingfeatures;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reelrank.proto.v1.Action;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Writes are coalesced: a burst of events for a video produces at most one write of that video per
 * flush interval, not one per event. The embedded job reads the real topic; its stats sink only
 * counts what it is given (same JVM).
 */
class CoalescingIT {
    /** Writes seen per video, and the last total impressions, shared with the sink (same JVM). */
    static final Map<String, AtomicInteger> WRITES = new ConcurrentHashMap<>();
    static final Map<String, Long> IMPRESSIONS = new ConcurrentHashMap<>();
    private static Stack stack;
    private final String run = UUID.randomUUID().toString().substring(0, 8);

    @BeforeAll
    static void open() throws Exception {
        stack = new Stack();
    }

    @AfterAll
    static void close() {
        stack.close();
    }

    @Test
    void aBurstIsWrittenAtMostOncePerFlushIntervalPerVideo() throws Exception {
        List<String> videos = List.of("sf-co-" + run + "-a", "sf-co-" + run + "-b");
        int perVideo = 2_000;
        long startAt = System.currentTimeMillis() - 1;
        for (int k = 0; k < perVideo; k++) {
            for (String v : videos) stack.producer.send(Stack.interaction("u" + k, v, Action.impression, 0, "R" + run));
        }
        stack.producer.flush();

        long flushMillis = 1_000;
        var settings = StreamingFeaturesConfig.load(name -> switch (name) {
            case "group-id" -> "it-co-" + run;
            case "starting-offsets" -> "timestamp:" + startAt;
            case "checkpoint-dir" -> Path.of("target/it-checkpoints", run).toString();
            case "flush-interval" -> "PT1S";
            case "restore" -> "none";
            default -> null;
        }, System.getenv());
        long started = System.nanoTime();
        JobClient job = StreamingFeaturesJob.start(settings, new CountingSink(), new DiscardingSink<>());
        try {
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(100)).until(() ->
                    videos.stream().allMatch(v -> IMPRESSIONS.getOrDefault(v, 0L) == perVideo));
            double seconds = (System.nanoTime() - started) / 1e9;
            for (String v : videos) {
                int writes = WRITES.get(v).get();
                // One write per elapsed flush interval at most (+1 for the interval the job started in).
                assertTrue(writes <= seconds * 1000 / flushMillis + 1,
                        v + ": " + writes + " writes for " + perVideo + " events in " + seconds + " s");
            }
        } finally {
            job.cancel().get();
        }
    }

    static final class CountingSink implements Sink<VideoStreamStats> {
        @Override
        public SinkWriter<VideoStreamStats> createWriter(WriterInitContext context) {
            return new SinkWriter<>() {
                @Override
                public void write(VideoStreamStats s, Context context) {
                    WRITES.computeIfAbsent(s.videoId(), k -> new AtomicInteger()).incrementAndGet();
                    IMPRESSIONS.put(s.videoId(), s.total().impressions());
                }

                @Override
                public void flush(boolean endOfInput) {}

                @Override
                public void close() throws IOException {}
            };
        }
    }
}
