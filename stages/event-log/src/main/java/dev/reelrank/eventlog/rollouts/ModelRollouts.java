package dev.reelrank.eventlog.rollouts;

import dev.reelrank.eventlog.DurableProducer;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads and writes {@link ModelRollout} records. Kafka, not Redis, carries the switch: every
 * replica already follows Kafka, the record is durable and ordered after the embeddings it
 * announces, and "nothing flows back except through Kafka" holds.
 */
public final class ModelRollouts {
    private ModelRollouts() {}

    /** Creates the compacted one-partition topic if it is missing (scripts/stack creates it too). */
    public static void ensureTopic(String bootstrap, String topic) {
        var props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (Admin admin = Admin.create(props)) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1).configs(Map.of("cleanup.policy", "compact"))))
                    .all().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) throw new IllegalStateException("cannot create " + topic + ": " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("Kafka at " + bootstrap + " did not answer creating " + topic, e);
        }
    }

    /** Writes the record and returns once the broker acknowledged it. */
    public static void publish(String bootstrap, String topic, ModelRollout rollout) {
        try (var producer = DurableProducer.create(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap), Map.of())) {
            producer.send(new ProducerRecord<>(topic, rollout.model(), rollout.toBytes())).get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("rollout record not written: " + e, e);
        }
    }

    /** The current record of {@code model}: reads the (small, compacted) topic to its end. */
    public static Optional<ModelRollout> current(String bootstrap, String topic, String model, Duration timeout) {
        try (var follower = new Follower(bootstrap, topic, model, r -> {})) {
            return follower.catchUp(timeout);
        }
    }

    /**
     * Follows the topic from its beginning and hands every record of one model to a listener, in
     * order, on the thread that calls {@link #run()} (or {@link #catchUp}). Manual assignment: every
     * replica sees every record.
     */
    public static final class Follower implements AutoCloseable {
        private final KafkaConsumer<String, byte[]> consumer;
        private final String model;
        private final Consumer<ModelRollout> listener;
        private final List<TopicPartition> partitions;
        private volatile boolean closed;
        private ModelRollout last;

        public Follower(String bootstrap, String topic, String model, Consumer<ModelRollout> listener) {
            var props = new Properties();
            props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
            props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
            props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
            this.consumer = new KafkaConsumer<>(props);
            this.model = model;
            this.listener = listener;
            var infos = consumer.partitionsFor(topic, Duration.ofSeconds(30));
            if (infos == null || infos.isEmpty()) {
                consumer.close();
                throw new IllegalStateException("topic " + topic + " does not exist (scripts/stack up creates it)");
            }
            this.partitions = infos.stream().map(i -> new TopicPartition(topic, i.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
        }

        /** Reads to the end offsets seen now; returns the latest record of the model (also handed to the listener). */
        public Optional<ModelRollout> catchUp(Duration timeout) {
            Map<TopicPartition, Long> end = new HashMap<>(consumer.endOffsets(partitions, timeout));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (end.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
                if (System.nanoTime() > deadline) throw new IllegalStateException("model-rollouts not read to its end within " + timeout);
                pollOnce(Duration.ofMillis(200));
            }
            return Optional.ofNullable(last);
        }

        /** Polls until {@link #close()}. */
        public void run() {
            try {
                while (!closed) pollOnce(Duration.ofMillis(500));
            } catch (WakeupException e) {
                if (!closed) throw e;
            }
        }

        private void pollOnce(Duration timeout) {
            for (ConsumerRecord<String, byte[]> r : consumer.poll(timeout)) {
                if (!model.equals(r.key()) || r.value() == null) continue;
                ModelRollout rollout;
                try {
                    rollout = ModelRollout.fromBytes(r.value());
                } catch (RuntimeException e) {
                    System.getLogger(ModelRollouts.class.getName()).log(System.Logger.Level.WARNING,
                            "unreadable rollout record at offset " + r.offset() + ": " + e);
                    continue;
                }
                last = rollout;
                listener.accept(rollout);
            }
        }

        public Set<TopicPartition> assignment() {
            return consumer.assignment();
        }

        /** Stops {@link #run()} from another thread; closes the consumer when called on the polling thread's exit. */
        public void wakeup() {
            closed = true;
            consumer.wakeup();
        }

        @Override
        public void close() {
            closed = true;
            consumer.close();
        }
    }
}
