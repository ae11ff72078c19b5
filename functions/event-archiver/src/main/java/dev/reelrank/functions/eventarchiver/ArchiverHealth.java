package dev.reelrank.functions.eventarchiver;

import dev.reelrank.eventarchive.ArchiverStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.time.Duration;
import java.time.Instant;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;

/**
 * Live while the archive loop runs and keeps coming back from Kafka and from its flushes; ready
 * once it has joined the consumer group (with the broker down it never does). Both carry the
 * counters, so {@code /q/health} is also the archiver's status page. With the Kafka binding off
 * (a KafkaSource delivers over HTTP) both are up and liveness carries the HTTP lane's counters.
 */
@ApplicationScoped
public class ArchiverHealth {
    private final ArchiverRunner runner;
    private final DeliveryLane lane;
    private final ArchiverSettings config;

    ArchiverHealth(ArchiverRunner runner, DeliveryLane lane, ArchiverSettings config) {
        this.runner = runner;
        this.lane = lane;
        this.config = config;
    }

    @Produces
    @Liveness
    HealthCheck live() {
        return () -> {
            ArchiverStatus s = runner.status();
            var r = described("event-archiver", s);
            if (s == null) return httpLane(r).up().withData("enabled", config.enabled()).withData("kafkaBinding", false).build();
            Instant last = s.lastPoll();
            boolean stalled = last != null && Duration.between(last, Instant.now()).compareTo(config.livenessStall()) > 0;
            return r.status(runner.threadAlive() && !stalled).build();
        };
    }

    @Produces
    @Readiness
    HealthCheck ready() {
        return () -> {
            ArchiverStatus s = runner.status();
            var r = described("kafka-consumer-group", s);
            // Without the Kafka binding there is no group to join: deliveries are answered 503 while the archive cannot be written.
            if (s == null) return r.up().withData("enabled", config.enabled()).withData("kafkaBinding", false).build();
            return r.status(s.running() && s.joined()).build();
        };
    }

    /** The HTTP lane's counters, once it has been made. */
    private HealthCheckResponseBuilder httpLane(HealthCheckResponseBuilder r) {
        ArchiverStatus h = lane.status();
        if (h == null) return r;
        r.withData("archived", h.archived()).withData("duplicates", h.duplicates()).withData("rejected", h.rejected())
                .withData("files", h.files()).withData("bytes", h.bytes());
        if (h.lastError() != null) r.withData("lastError", h.lastError());
        return r;
    }

    private HealthCheckResponseBuilder described(String name, ArchiverStatus s) {
        var r = HealthCheckResponse.named(name);
        if (s == null) return r;
        r.withData("archived", s.archived()).withData("duplicates", s.duplicates()).withData("rejected", s.rejected())
                .withData("files", s.files()).withData("bytes", s.bytes()).withData("partitions", s.assignedPartitions())
                .withData("group", config.kafka().groupId());
        if (s.lastPoll() != null) r.withData("lastPoll", s.lastPoll().toString());
        if (s.lastError() != null) r.withData("lastError", s.lastError());
        return r;
    }
}
