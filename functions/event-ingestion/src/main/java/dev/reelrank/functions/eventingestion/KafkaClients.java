package dev.reelrank.functions.eventingestion;

import dev.reelrank.eventlog.EventPublisher;
import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.ProducerConfig;

/** Wires the event-log publisher and the admin client used by the readiness check. */
public class KafkaClients {

    @Produces
    @Singleton
    EventPublisher publisher(IngestionSettings config) {
        if (config.kafka().producer().containsKey(ProducerConfig.MAX_BLOCK_MS_CONFIG)) {
            // One name per setting: the request's bound below is derived from it.
            throw new IllegalArgumentException("set reelrank.ingestion.kafka.send-block-timeout, not the producer's "
                    + ProducerConfig.MAX_BLOCK_MS_CONFIG);
        }
        Map<String, Object> overrides = new HashMap<>();
        overrides.put(ProducerConfig.CLIENT_ID_CONFIG, "reelrank-event-ingestion");
        overrides.putAll(config.kafka().producer());
        // A send blocks the request's thread while the topic's metadata is missing (Kafka down): not
        // longer than this, and never longer than the request is willing to wait at all.
        overrides.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, sendBlockMillis(config));
        return new EventPublisher(config.kafka().bootstrapServers(), overrides);
    }

    static long sendBlockMillis(IngestionSettings config) {
        return Math.max(1, Math.min(config.kafka().sendBlockTimeout().toMillis(), config.ackTimeout().toMillis()));
    }

    void close(@Disposes EventPublisher publisher) {
        publisher.close();
    }

    @Produces
    @Singleton
    BrokerLiveness brokerLiveness(IngestionSettings config) {
        return new BrokerLiveness(config.kafka().livenessFailures());
    }

    @Produces
    @Singleton
    Admin admin(IngestionSettings config) {
        int timeout = (int) config.kafka().readinessTimeout().toMillis();
        return Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafka().bootstrapServers(),
                AdminClientConfig.CLIENT_ID_CONFIG, "reelrank-event-ingestion-health",
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, timeout,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeout));
    }

    void close(@Disposes Admin admin) {
        admin.close(java.time.Duration.ofSeconds(2));
    }

    @Produces
    @Singleton
    @DefaultBean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Produces
    @Singleton
    EventIngestion ingestion(IngestionSettings config) {
        return new EventIngestion(config.limits(), config.fieldLimits());
    }
}
