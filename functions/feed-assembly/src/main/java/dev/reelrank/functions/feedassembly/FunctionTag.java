package dev.reelrank.functions.feedassembly;

import io.micrometer.core.instrument.config.MeterFilter;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** Every series this function exports carries {@code function=feed-assembly}, one dashboard variable for all functions. */
public class FunctionTag {
    @Produces
    @Singleton
    MeterFilter functionTag() {
        return MeterFilter.commonTags(java.util.List.of(io.micrometer.core.instrument.Tag.of("function", FeedMetrics.FUNCTION)));
    }
}
