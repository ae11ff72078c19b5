package dev.reelrank.functions.reranking;

import io.smallrye.health.api.AsyncHealthCheck;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import io.smallrye.mutiny.Uni;

/**
 * Ready only once the served scorer exists, i.e. the learned model is loaded and warmed up, and the
 * Rank path has been run ({@link RankWarmup}): a replica that answered its first Rank calls with
 * DJL's first-shape stalls or cold code would blow the caller's deadline and trip its circuit
 * breaker. Names the served version.
 */
@Readiness
@ApplicationScoped
public class RankingModelReadiness implements AsyncHealthCheck {
    private final ServedScorer served;
    private final RankWarmup warmup;

    RankingModelReadiness(ServedScorer served, RankWarmup warmup) {
        this.served = served;
        this.warmup = warmup;
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        return Uni.createFrom().item(() -> HealthCheckResponse.named("ranking-model").status(warmup.done())
                .withData("modelVersion", served.current().modelVersion()).withData("warmup", warmup.summary()).build());
    }
}
