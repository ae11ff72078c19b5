package dev.reelrank.featurestore;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The {@code reelrank.negative-feedback.*} properties as a function binds them (its config mapping
 * extends this interface); an unset one keeps {@link NegativeFeedbackConfig#defaults()}.
 */
public interface NegativeFeedbackProperties {
    Optional<Duration> timeout();

    Optional<Duration> ttl();

    OptionalInt maxEntries();

    OptionalInt maxWatched();

    default NegativeFeedbackConfig toConfig() {
        var d = NegativeFeedbackConfig.defaults();
        return new NegativeFeedbackConfig(timeout().orElse(d.timeout()), ttl().orElse(d.ttl()), maxEntries().orElse(d.maxEntries()),
                maxWatched().orElse(d.maxWatched()));
    }
}
