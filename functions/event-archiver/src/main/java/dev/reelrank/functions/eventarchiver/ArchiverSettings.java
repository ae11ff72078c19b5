package dev.reelrank.functions.eventarchiver;

import dev.reelrank.eventarchive.ArchiveLayout;
import dev.reelrank.eventarchive.ArchiveConfig;
import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** Tunables of the function; each is documented in application.properties. */
@ConfigMapping(prefix = "reelrank.archive")
public interface ArchiverSettings {
    /** Off only for tests of the shell itself. */
    @WithDefault("true")
    boolean enabled();

    /** Archive root: a folder, or a URI of a java.nio FileSystem (file:///…, an object store's scheme). */
    @WithDefault("var/archive")
    String location();

    Optional<Path> stagingDir();

    /** The HMAC key (text of at least 32 bytes, or base64:…); required in production. */
    Optional<String> pseudonymKey();

    @WithDefault("var/secrets/archive-pseudonym.key")
    Path pseudonymKeyFile();

    /** May a missing key file be generated (local runs)? false in production. */
    @WithDefault("true")
    boolean pseudonymKeyGenerate();

    @WithDefault("interactions")
    String interactionsTopic();

    @WithDefault("videos")
    String videosTopic();

    @WithDefault("50000")
    int maxRecordsPerFile();

    @WithDefault("200000")
    int maxBufferedRecords();

    @WithDefault("60S")
    Duration flushInterval();

    @WithDefault("20000")
    int dedupWindow();

    @WithDefault("zstd")
    String compression();

    @WithDefault("3")
    int zstdLevel();

    @WithDefault("64M")
    MemorySize rowGroupSize();

    @WithDefault("500MS")
    Duration pollTimeout();

    @WithDefault("5S")
    Duration retryBackoff();

    /** Liveness fails when the loop has not come back from Kafka or a flush for this long. */
    @WithDefault("5M")
    Duration livenessStall();

    Kafka kafka();

    interface Kafka {
        /**
         * The direct consumer (the Kafka binding). Off on Knative, where a KafkaSource holds the
         * consumer and delivers over HTTP, so the function can scale to zero.
         */
        @WithDefault("true")
        boolean enabled();

        @WithDefault("127.0.0.1:9092")
        String bootstrapServers();

        @WithDefault("event-archiver")
        String groupId();

        /** Extra KafkaConsumer settings; enable.auto.commit cannot be overridden. */
        Map<String, String> consumer();
    }

    Http http();

    /** The HTTP binding: deliveries gathered into batches, one file per table and date per batch. */
    interface Http {
        @WithDefault("1000")
        int maxBatch();

        @WithDefault("1S")
        Duration batchWindow();

        /** A delivery not archived within this is answered 503 (the sender retries; a redelivery is de-duplicated). */
        @WithDefault("30S")
        Duration timeout();

        @WithDefault("5S")
        Duration retryAfter();
    }

    DeadLetter deadLetter();

    /** Where deliveries that can never be archived go, with their reason. */
    interface DeadLetter {
        @WithDefault("event-archiver-dead-letter")
        String topic();

        /** How long a dead letter may wait for Kafka's acknowledgement before the delivery is answered 503. */
        @WithDefault("10S")
        Duration timeout();
    }

    default ArchiveConfig settings() {
        return new ArchiveConfig(kafka().bootstrapServers(), kafka().groupId(), interactionsTopic(), videosTopic(),
                ArchiveLayout.resolveRoot(location()), stagingDir().orElse(null), maxRecordsPerFile(), maxBufferedRecords(), flushInterval(),
                dedupWindow(), compression(), zstdLevel(), (int) Math.min(Integer.MAX_VALUE, rowGroupSize().asLongValue()),
                pollTimeout(), retryBackoff(), kafka().consumer());
    }
}
