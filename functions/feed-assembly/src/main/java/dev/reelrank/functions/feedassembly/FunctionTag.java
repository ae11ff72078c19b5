package dev.reelrank.functions.feedassembly;

import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.config.MeterFilter;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.List;

/** Every series this function exports carries {@code function=feed-assembly}, one dashboard variable for all functions. */
public class FunctionTag {
    @Produces
    @Singleton
    MeterFilter functionTag() {
        return MeterFilter.commonTags(List.of(Tag.of("function", FeedMetrics.FUNCTION)));
    }
}
