package dev.reelrank.functions.eventarchiver;

import dev.reelrank.eventlog.DeadLetterRecord;
import dev.reelrank.eventlog.DurableProducer;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The archiver's dead-letter topic: a delivery that can never be archived is copied there as it
 * came (key, body, CloudEvent headers in Kafka's {@code ce_} form) with headers saying why, so it can
 * be inspected and replayed. Header names are embedding-refresh's, so one tool reads both topics.
 * The producer is made on the first letter: with the Kafka binding on, deliveries never come.
 */
@ApplicationScoped
public class DeadLetters {
    private static final Logger LOG = Logger.getLogger(DeadLetters.class);

    public static final String REASON = DeadLetterRecord.REASON;
    public static final String SOURCE_TOPIC = DeadLetterRecord.SOURCE_TOPIC;
    public static final String CONSUMER = DeadLetterRecord.CONSUMER;

    /** What was received over HTTP and why it can never be archived. */
    record Letter(String key, byte[] value, Header[] headers, String reason) {}

    private final ArchiverSettings settings;
    private final String consumer;
    private KafkaProducer<String, byte[]> producer;

    DeadLetters(ArchiverSettings settings, @ConfigProperty(name = "quarkus.application.name") String consumer) {
        this.settings = settings;
        this.consumer = consumer;
    }

    /** Returns once Kafka acknowledged the letter; throws when it did not in time (the delivery is then answered 503). */
    void send(Letter letter) throws Exception {
        LOG.warnf("dead-lettering an HTTP delivery (key %s) to %s: %s", letter.key(), settings.deadLetter().topic(), letter.reason());
        DurableProducer.send(producer(), record(letter)).get(settings.deadLetter().timeout().toMillis(), TimeUnit.MILLISECONDS);
    }

    ProducerRecord<String, byte[]> record(Letter l) {
        return DeadLetterRecord.of(settings.deadLetter().topic(), l.key(), l.value(), l.headers(), l.reason(),
                DeadLetterRecord.HTTP, -1, -1, consumer);
    }

    private synchronized KafkaProducer<String, byte[]> producer() {
        if (producer == null)
            producer = DurableProducer.create(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.kafka().bootstrapServers(),
                    ProducerConfig.CLIENT_ID_CONFIG, consumer + "-dead-letters",
                    // With the broker gone, send() itself blocks for metadata: no longer than the answer may wait.
                    ProducerConfig.MAX_BLOCK_MS_CONFIG, settings.deadLetter().timeout().toMillis()), Map.of());
        return producer;
    }

    @PreDestroy
    synchronized void close() {
        if (producer != null) producer.close(Duration.ofSeconds(5));
    }
}
