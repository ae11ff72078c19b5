package dev.reelrank.featurestore;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The {@code reelrank.feature-store.*} properties as a function binds them (its config mapping
 * extends this interface): each one overrides a field of {@link FeatureStoreConfig#defaults()},
 * and an unset one keeps the library's default, so the defaults live in one place.
 */
public interface FeatureStoreProperties {
    Optional<Duration> redisTimeout();

    Optional<Duration> userTtl();

    Optional<Duration> videoTtl();

    OptionalInt localVideoCacheSize();

    Optional<Duration> localVideoFreshFor();

    OptionalInt historyLimit();

    Optional<Boolean> streamStats();

    OptionalInt cassandraReadMaxQueued();

    Optional<Duration> cassandraReadMaxWait();

    Optional<Duration> missReadBudget();

    Optional<Duration> redisRecoveryWindow();

    Optional<Duration> fallbackTopMaxAge();

    OptionalInt redisBreakerFailures();

    Optional<Duration> redisBreakerOpen();

    default FeatureStoreConfig toConfig() {
        var d = FeatureStoreConfig.defaults();
        return new FeatureStoreConfig(redisTimeout().orElse(d.redisTimeout()), userTtl().orElse(d.userTtl()),
                videoTtl().orElse(d.videoTtl()), localVideoCacheSize().orElse(d.localVideoCacheSize()),
                localVideoFreshFor().orElse(d.localVideoFreshFor()),
                historyLimit().orElse(d.historyLimit()), streamStats().orElse(d.streamStats()),
                cassandraReadMaxQueued().orElse(d.cassandraReadMaxQueued()), cassandraReadMaxWait().orElse(d.cassandraReadMaxWait()),
                missReadBudget().orElse(d.missReadBudget()), redisRecoveryWindow().orElse(d.redisRecoveryWindow()),
                fallbackTopMaxAge().orElse(d.fallbackTopMaxAge()),
                redisBreakerFailures().orElse(d.redisBreakerFailures()), redisBreakerOpen().orElse(d.redisBreakerOpen()));
    }
}
