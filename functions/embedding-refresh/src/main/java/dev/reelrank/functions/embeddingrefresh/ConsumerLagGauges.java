package dev.reelrank.functions.embeddingrefresh;

import dev.reelrank.eventlog.lag.ConsumerGroupLag;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The Kafka binding's consumer lag as {@code reelrank.consumer.lag}; nothing with the HTTP binding,
 * where the KafkaSource owns the consumer group and its lag (read it from the KafkaSource's side).
 */
@Startup
@Singleton
class ConsumerLagGauges {
    private final ConsumerGroupLag lag;

    ConsumerLagGauges(RefreshMetrics metrics,
                      @ConfigProperty(name = "mp.messaging.incoming.interactions.enabled", defaultValue = "true") boolean kafkaBinding,
                      @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrap,
                      @ConfigProperty(name = "mp.messaging.incoming.interactions.group.id") String group,
                      @ConfigProperty(name = "mp.messaging.incoming.interactions.topic") String interactions,
                      @ConfigProperty(name = "mp.messaging.incoming.videos.topic") String videos) {
        this.lag = kafkaBinding ? ConsumerGroupLag.of(bootstrap, group) : null;
        if (lag != null) metrics.consumerLag(lag, List.of(interactions, videos));
    }

    @PreDestroy
    void close() {
        if (lag != null) lag.close();
    }
}
