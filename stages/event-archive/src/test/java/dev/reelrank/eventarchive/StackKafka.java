package dev.reelrank.eventarchive;

import dev.reelrank.eventlog.LoggedEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The stack's real Kafka (scripts/stack up), used through topics of this test run only, so no
 * test reads anyone else's events.
 */
final class StackKafka implements AutoCloseable {
    static final String BOOTSTRAP = System.getenv().getOrDefault("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092");

    final Admin admin;
    private final KafkaProducer<String, byte[]> producer;

    StackKafka() {
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, BOOTSTRAP,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000));
        var p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, BOOTSTRAP);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        producer = new KafkaProducer<>(p);
    }

    /**
     * Creates the topics and waits until the producer sees a leader for every partition. Producing
     * at once into a topic created a moment ago made the idempotent producer loop on
     * OutOfOrderSequenceException for one partition until its delivery timeout (seen with
     * kafka-clients 4.1.2 against the 4.4.0 broker), so the test waits for a ready topic first.
     */
    void createTopics(Map<String, Integer> partitionsByTopic) throws Exception {
        admin.createTopics(partitionsByTopic.entrySet().stream()
                .map(e -> new NewTopic(e.getKey(), e.getValue(), (short) 1)).toList()).all().get();
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> partitionsByTopic.entrySet().stream()
                .allMatch(e -> {
                    var parts = producer.partitionsFor(e.getKey());
                    return parts.size() == e.getValue() && parts.stream().allMatch(p -> p.leader() != null && p.leader().id() >= 0);
                }));
    }

    void deleteTopics(List<String> topics) {
        admin.deleteTopics(topics);
    }

    /** Publishes each event as ingestion does (binary CloudEvent, key by type) to {@code topic}; waits for acks. */
    void publish(String topic, List<LoggedEvent> events) throws Exception {
        var acks = new ArrayList<Future<RecordMetadata>>(events.size());
        for (LoggedEvent e : events) {
            ProducerRecord<String, byte[]> r = e.toRecord();
            acks.add(producer.send(new ProducerRecord<>(topic, null, r.key(), r.value(), r.headers())));
        }
        for (var f : acks) f.get();
    }

    /** True once the group's committed offset is at the end of every partition of {@code topics}. */
    boolean caughtUp(String group, List<String> topics) throws Exception {
        var partitions = admin.describeTopics(topics).allTopicNames().get().values().stream()
                .flatMap(d -> d.partitions().stream().map(p -> new TopicPartition(d.name(), p.partition())))
                .toList();
        var ends = admin.listOffsets(partitions.stream().collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest())))
                .all().get();
        var committed = new HashMap<>(admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get());
        for (TopicPartition tp : partitions) {
            long end = ends.get(tp).offset();
            var c = committed.get(tp);
            if (end > 0 && (c == null || c.offset() < end)) return false;
        }
        return true;
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(10));
        admin.close(Duration.ofSeconds(10));
    }
}
