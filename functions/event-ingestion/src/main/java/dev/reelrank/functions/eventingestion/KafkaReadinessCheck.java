package dev.reelrank.functions.eventingestion;

import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready only when Kafka answers: without it no event can be accepted. Asynchronous (the admin
 * client's futures), so a slow broker never holds a thread; the answer is cached for a few
 * seconds so frequent probes do not each cost a broker round trip.
 */
@Readiness
@ApplicationScoped
public class KafkaReadinessCheck implements AsyncHealthCheck {
    private final Admin admin;
    private final IngestionSettings config;
    private final Clock clock;
    private volatile Cached cached;

    private record Cached(HealthCheckResponse response, Instant until) {}

    KafkaReadinessCheck(Admin admin, IngestionSettings config, Clock clock) {
        this.admin = admin;
        this.config = config;
        this.clock = clock;
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        Cached c = cached;
        Instant now = clock.instant();
        if (c != null && now.isBefore(c.until())) return Uni.createFrom().item(c.response());
        return probe().invoke(r -> cached = new Cached(r, now.plus(config.kafka().readinessCacheTtl())));
    }

    private Uni<HealthCheckResponse> probe() {
        var timeout = config.kafka().readinessTimeout();
        var named = HealthCheckResponse.named("kafka").withData("bootstrap", config.kafka().bootstrapServers());
        var cluster = admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) timeout.toMillis()));
        return Uni.combine().all()
                .unis(Uni.createFrom().completionStage(cluster.clusterId().toCompletionStage()),
                      Uni.createFrom().completionStage(cluster.nodes().toCompletionStage()))
                .asTuple()
                .ifNoItem().after(timeout.plusMillis(500)).fail()
                .map(t -> named.up().withData("clusterId", t.getItem1()).withData("brokers", t.getItem2().size()).build())
                .onFailure().recoverWithItem(e -> named.down()
                        .withData("error", e.getClass().getSimpleName() + ": " + e.getMessage()).build());
    }
}
