package dev.reelrank.functions.eventingestion;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Pattern;

/** Tunables of the function; each is documented in application.properties. */
@ConfigMapping(prefix = "reelrank.ingestion")
public interface IngestionSettings {
    @WithDefault("1M")
    MemorySize maxBodySize();

    @WithDefault("500")
    int maxBatchSize();

    @WithDefault("256")
    int attributeMaxLength();

    @WithDefault("128")
    int idMaxLength();

    @WithDefault("[A-Za-z0-9._:@-]+")
    String idPattern();

    @WithDefault("64")
    int codeMaxLength();

    @WithDefault("500")
    int titleMaxLength();

    @WithDefault("10000")
    int descriptionMaxLength();

    @WithDefault("100")
    int maxTags();

    @WithDefault("100")
    int tagMaxLength();

    @WithDefault("86400")
    double maxWatchSeconds();

    @WithDefault("86400")
    int maxDurationSeconds();

    /** How long a request waits for Kafka to acknowledge all its records before answering 503. */
    @WithDefault("10S")
    Duration ackTimeout();

    /** The Retry-After a 503 suggests. */
    @WithDefault("5S")
    Duration retryAfter();

    Kafka kafka();

    interface Kafka {
        @WithDefault("127.0.0.1:9092")
        String bootstrapServers();

        /** Extra producer settings (e.g. "linger.ms"); acks and idempotence cannot be overridden. */
        Map<String, String> producer();

        /**
         * How long one send may block the request's thread for the topic's metadata or buffer room (the producer's
         * max.block.ms, never more than ack-timeout): a request that came in before the liveness probe
         * saw Kafka down is then answered 503 after this, not after ack-timeout.
         */
        @WithDefault("2S")
        Duration sendBlockTimeout();

        @WithDefault("2S")
        Duration readinessTimeout();

        @WithDefault("5S")
        Duration readinessCacheTtl();

        /** How often the brokers are asked whether they answer (0 = never: no fast 503). */
        @WithDefault("1S")
        Duration livenessInterval();

        /** No answer within this marks Kafka down, and events get 503 at once until it answers again. */
        @WithDefault("1S")
        Duration livenessTimeout();

        /**
         * Probes in a row without an answer before Kafka counts as down (one slow probe on a loaded
         * machine is no outage); the first answer after that counts it up again.
         */
        @WithDefault("2")
        int livenessFailures();
    }

    default IngestionLimits limits() {
        return new IngestionLimits(maxBodySize().asLongValue(), maxBatchSize());
    }

    default FieldLimits fieldLimits() {
        return new FieldLimits(attributeMaxLength(), idMaxLength(), Pattern.compile(idPattern()), codeMaxLength(),
                titleMaxLength(), descriptionMaxLength(), maxTags(), tagMaxLength(), maxWatchSeconds(), maxDurationSeconds());
    }
}
