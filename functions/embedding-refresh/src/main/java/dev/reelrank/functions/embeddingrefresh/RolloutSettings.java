package dev.reelrank.functions.embeddingrefresh;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** {@code reelrank.refresh.rollouts.*}: following model-rollouts; documented in application.properties. */
@ConfigMapping(prefix = "reelrank.refresh.rollouts")
public interface RolloutSettings {
    @WithDefault("true")
    boolean enabled();

    @WithDefault("model-rollouts")
    String topic();

    /** How long reading the rollouts topic to its end (its newest record: the version to use) may take at start. */
    @WithDefault("30s")
    Duration topicCatchUpTimeout();

    /** Wait before following again after Kafka failed (or the topic is missing). */
    @WithDefault("5s")
    Duration retryDelay();

    /** The replaced model is closed this long after a switch (embed calls in flight may still use it). */
    @WithDefault("30s")
    Duration retireGrace();
}
