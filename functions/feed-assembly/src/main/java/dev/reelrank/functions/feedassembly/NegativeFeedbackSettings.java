package dev.reelrank.functions.feedassembly;

import io.smallrye.config.ConfigMapping;
import java.time.Duration;

/**
 * {@code reelrank.negative-feedback.*} as the feed reads it: only the read's timeout. The sets'
 * expiry and sizes are the writer's (event-ingestion's) business.
 */
@ConfigMapping(prefix = "reelrank.negative-feedback")
public interface NegativeFeedbackSettings {
    Duration timeout();
}
