package dev.reelrank.functions.feedassembly;

import io.quarkus.runtime.Startup;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import jakarta.inject.Singleton;

/** Exposes the breaker in front of re-ranking ({@link GrpcRanker#rank}) as {@code reelrank.breaker.state{breaker=ranking}}. */
@Startup
@Singleton
class RankingBreakerGauge {
    RankingBreakerGauge(FeedMetrics metrics, CircuitBreakerMaintenance breakers) {
        metrics.breaker(GrpcRanker.BREAKER, () -> code(breakers.currentState(GrpcRanker.BREAKER)));
    }

    /** The catalogue's encoding: the higher, the less traffic re-ranking gets. */
    static int code(CircuitBreakerState state) {
        return switch (state) {
            case CLOSED -> 0;
            case HALF_OPEN -> 1;
            case OPEN -> 2;
        };
    }
}
