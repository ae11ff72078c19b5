package dev.reelrank.systemtests;

import dev.reelrank.eventlog.EventPublisher;
import dev.reelrank.eventlog.EventTypes;
import dev.reelrank.eventlog.LoggedEvent;
import dev.reelrank.eventlog.Topics;
import dev.reelrank.proto.v1.Action;
import dev.reelrank.proto.v1.Interaction;
import dev.reelrank.proto.v1.Surface;
import java.net.URI;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;

/**
 * A real backlog in front of a user's next events: records exactly as ingestion writes them
 * (binary CloudEvents with a Protobuf payload, keyed by user, so they sit in that user's partition
 * ahead of anything the user sends next), produced straight to Kafka because the public API is too
 * slow to outrun the fold on a 2-core box. And the fold's lag, read from Kafka as an operator would.
 */
final class Backlog {
    static final String BOOTSTRAP = System.getProperty("reelrank.kafka.bootstrap", "127.0.0.1:9092");
    static final String FOLD_GROUP = "embedding-refresh";

    private Backlog() {}

    /** Produces {@code count} impressions of {@code user} and returns once Kafka acked them all. */
    static void impressions(String run, String user, int count) throws Exception {
        var source = URI.create("/reelrank/system-test/backlog");
        var now = OffsetDateTime.now(ZoneOffset.UTC);
        try (var publisher = new EventPublisher(BOOTSTRAP, Map.of(ProducerConfig.LINGER_MS_CONFIG, 20,
                ProducerConfig.BATCH_SIZE_CONFIG, 512 * 1024, ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4"))) {
            var pending = new ArrayList<CompletableFuture<?>>(count);
            for (int i = 0; i < count; i++) {
                var impression = Interaction.newBuilder().setUserId(user).setVideoId("st-" + run + "-bl" + (i % 500))
                        .setAction(Action.impression).setSurface(Surface.home).setPosition(i % 20)
                        .setDevice("web").setRegion("US").build();
                pending.add(publisher.publish(new LoggedEvent(run + "-bl-" + i, source, EventTypes.INTERACTION, now, impression)));
            }
            CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
        }
    }

    /** Records on {@code interactions} that the fold's consumer group has not committed yet. */
    static long foldLag() throws Exception {
        var props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, BOOTSTRAP);
        try (var admin = Admin.create(props)) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(FOLD_GROUP)
                    .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
            var partitions = admin.describeTopics(List.of(Topics.INTERACTIONS)).allTopicNames().get(30, TimeUnit.SECONDS)
                    .get(Topics.INTERACTIONS).partitions();
            var latest = new HashMap<TopicPartition, OffsetSpec>();
            for (var p : partitions) latest.put(new TopicPartition(Topics.INTERACTIONS, p.partition()), OffsetSpec.latest());
            var ends = admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS);
            long lag = 0;
            for (var e : ends.entrySet()) {
                var done = committed.get(e.getKey());
                lag += e.getValue().offset() - (done == null ? 0 : done.offset());
            }
            return lag;
        }
    }
}
