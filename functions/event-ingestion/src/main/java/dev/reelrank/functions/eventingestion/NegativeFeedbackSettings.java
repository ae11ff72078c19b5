package dev.reelrank.functions.eventingestion;

import dev.reelrank.featurestore.NegativeFeedbackProperties;
import io.smallrye.config.ConfigMapping;

/** {@code reelrank.negative-feedback.*}: overrides of the suppression store's defaults (see {@link NegativeFeedbackProperties}). */
@ConfigMapping(prefix = "reelrank.negative-feedback")
public interface NegativeFeedbackSettings extends NegativeFeedbackProperties {}
