package dev.reelrank.functions.reranking;

import io.smallrye.health.api.AsyncHealthCheck;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import io.smallrye.mutiny.Uni;

/**
 * Ready only once the served scorer exists, i.e. the learned model is loaded and warmed up: a
 * replica that answered its first Rank calls with DJL's first-shape stalls would blow the caller's
 * deadline and trip its circuit breaker. Names the served version.
 */
@Readiness
@ApplicationScoped
public class RankingModelReadiness implements AsyncHealthCheck {
    private final ServedScorer served;

    RankingModelReadiness(ServedScorer served) {
        this.served = served;
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        return Uni.createFrom().item(() -> HealthCheckResponse.named("ranking-model").up()
                .withData("modelVersion", served.current().modelVersion()).build());
    }
}
