package dev.reelrank.functions.embeddingrefresh;

import dev.reelrank.eventlog.DeadLetterRecord;
import dev.reelrank.eventlog.DurableProducer;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The dead-letter topic of this consumer: a record that can never be applied is copied there
 * (same key, value and headers, so it can be inspected and replayed as it was) with headers that
 * say why and where it came from, and the stream moves on. A batch is acknowledged only after
 * its dead letters are: an event is either applied or dead-lettered, never lost.
 */
@ApplicationScoped
public class DeadLetters {
    private static final Logger LOG = Logger.getLogger(DeadLetters.class);

    public static final String REASON = DeadLetterRecord.REASON;
    public static final String SOURCE_TOPIC = DeadLetterRecord.SOURCE_TOPIC;
    public static final String CONSUMER = DeadLetterRecord.CONSUMER;

    private final String topic;
    private final String consumer;
    private final Duration retryDelay;
    private final KafkaProducer<String, byte[]> producer;

    DeadLetters(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrap,
                @ConfigProperty(name = "quarkus.application.name") String consumer,
                RefreshSettings settings) {
        this.topic = settings.deadLetter().topic();
        this.consumer = consumer;
        this.retryDelay = settings.deadLetter().retryDelay();
        this.producer = DurableProducer.create(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.CLIENT_ID_CONFIG, consumer + "-dead-letters", ProducerConfig.LINGER_MS_CONFIG, 5), Map.of());
    }

    String topic() {
        return topic;
    }

    /**
     * A record to dead-letter: what was received (key, value, headers as they were), where it came
     * from (a topic partition and offset, or an HTTP delivery: topic "http", partition -1) and why.
     */
    record Letter(String key, byte[] value, Header[] headers, String sourceTopic, int partition, long offset, String reason) {
        static Letter of(ConsumerRecord<String, byte[]> r, String reason) {
            return new Letter(r.key(), r.value(), r.headers().toArray(), r.topic(), r.partition(), r.offset(), reason);
        }

        String where() {
            return partition < 0 ? sourceTopic : sourceTopic + "-" + partition + "@" + offset;
        }
    }

    /** Returns once Kafka acknowledged every letter; while it does not, waits and sends again (the batch stays unacknowledged). */
    void send(List<Letter> letters) {
        if (letters.isEmpty()) return;
        for (Letter l : letters) LOG.warnf("dead-lettering %s (key %s) to %s: %s", l.where(), abbreviated(l.key()), topic, l.reason());
        for (int attempt = 1; ; attempt++) {
            try {
                DurableProducer.sendAll(letters, l -> DurableProducer.send(producer, record(l))).get(30, TimeUnit.SECONDS);
                return;
            } catch (Exception e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while dead-lettering", e);
                }
                LOG.warnf("dead letters not acknowledged (attempt %d), retrying in %s: %s", attempt, retryDelay, e.toString());
                try {
                    Thread.sleep(retryDelay.toMillis());
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while dead-lettering", ie);
                }
            }
        }
    }

    private ProducerRecord<String, byte[]> record(Letter l) {
        return DeadLetterRecord.of(topic, l.key(), l.value(), l.headers(), l.reason(), l.sourceTopic(), l.partition(), l.offset(), consumer);
    }

    private static String abbreviated(String key) {
        if (key == null) return "null";
        return key.length() <= 64 ? key : key.substring(0, 64) + "…(" + key.length() + " chars)";
    }

    @PreDestroy
    void close() {
        producer.close(Duration.ofSeconds(5));
    }

}
