package dev.reelrank.streamingfeatures;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.datastax.oss.driver.api.core.cql.Row;
import dev.reelrank.eventlog.Topics;
import dev.reelrank.model.Popularity;
import dev.reelrank.model.VideoStatsDelta;
import dev.reelrank.proto.v1.Action;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.flink.core.execution.JobClient;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The job embedded (local mode) against the real stack: interactions produced onto the real
 * {@code interactions} topic for videos and a region unique to this run; the job starts at the
 * time just before them (other data on the topic is not re-read). Checks totals, windows, CTR,
 * trending order and the dead-letter side output.
 */
class StreamingFeaturesIT {
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
    void countsWindowsCtrTrendingAndDeadLetters() throws Exception {
        String region = "R" + run;
        String prefix = "it-trend-decay:" + run + ":";
        List<String> videos = List.of("sf-" + run + "-v0", "sf-" + run + "-v1", "sf-" + run + "-v2", "sf-" + run + "-v3");
        long startAt = System.currentTimeMillis() - 1;

        // Video i: 20 impressions, 2(i+1) clicks, i+1 watches of 30 s, i likes, one skip.
        // Trending weight (click 1, 30 s watch 1, like 2, skip 0) grows with i.
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
        VideoStatsDelta[] expected = new VideoStatsDelta[videos.size()];
        for (int i = 0; i < videos.size(); i++) {
            String v = videos.get(i);
            expected[i] = new VideoStatsDelta(20, i + 1, 2 * (i + 1), 30.0 * (i + 1), i, 0, 0, 1, 0);
            for (int k = 0; k < 20; k++) records.add(Stack.interaction("u" + k, v, Action.impression, 0, region));
            for (int k = 0; k < 2 * (i + 1); k++) records.add(Stack.interaction("u" + k, v, Action.click, 0, region));
            for (int k = 0; k < i + 1; k++) records.add(Stack.interaction("u" + k, v, Action.watch, 30, region));
            for (int k = 0; k < i; k++) records.add(Stack.interaction("u" + k, v, Action.like, 0, region));
            records.add(Stack.interaction("u0", v, Action.skip, 0, region));
        }
        java.util.Collections.shuffle(records, new java.util.Random(7));
        String badKey = "sf-" + run + "-bad";
        records.add(new ProducerRecord<>(Topics.INTERACTIONS, badKey, "not a cloud event".getBytes(StandardCharsets.UTF_8)));
        for (var r : records) stack.producer.send(r);
        stack.producer.flush();

        Path checkpoints = Path.of("target/it-checkpoints", run);
        JobClient job = StreamingFeaturesJob.start(Stack.settings(run, startAt, checkpoints, prefix, "none"));
        try {
            for (int i = 0; i < videos.size(); i++) {
                String v = videos.get(i);
                VideoStatsDelta want = expected[i];
                await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(300)).untilAsserted(() -> {
                    Map<String, Row> rows = stack.rows(v);
                    for (String span : List.of("total", "5m", "1h", "24h")) {
                        Row r = rows.get(span);
                        assertEquals(want, r == null ? null : Stack.counters(r), v + " " + span);
                        assertEquals((double) want.clicks() / want.impressions(), r.getDouble("ctr"), 1e-12, v + " ctr " + span);
                    }
                });
            }
            List<String> best = new ArrayList<>(videos.reversed());
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300))
                    .untilAsserted(() -> assertEquals(best, stack.zrevrange(prefix + region)));
            List<String> global = stack.zrevrange(prefix + Popularity.GLOBAL);
            assertEquals(best, global.stream().filter(videos::contains).toList(), "global trending order of this run's videos");

            AtomicReference<String> reason = new AtomicReference<>();
            try (var consumer = deadLetterConsumer()) {
                consumer.subscribe(List.of(StreamingFeaturesConfig.DEAD_LETTER_TOPIC));
                await().atMost(Duration.ofSeconds(60)).until(() -> {
                    for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                        if (badKey.equals(r.key())) {
                            Header h = r.headers().lastHeader(DeadLetterSerializer.REASON);
                            reason.set(h == null ? "" : new String(h.value(), StandardCharsets.UTF_8));
                        }
                    }
                    return reason.get() != null;
                });
            }
            assertTrue(reason.get().startsWith("undecodable"), reason.get());
        } finally {
            job.cancel().get();
            stack.delete(prefix + region, prefix + Popularity.GLOBAL);
        }
    }

    private KafkaConsumer<String, byte[]> deadLetterConsumer() {
        return new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, Stack.BOOTSTRAP,
                ConsumerConfig.GROUP_ID_CONFIG, "it-dead-" + run,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false"),
                new StringDeserializer(), new ByteArrayDeserializer());
    }
}
