package dev.reelrank.functions.feedassembly;

import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;

/** The impression log the configuration asks for. */
public class ImpressionLogs {
    @Produces
    @Singleton
    ImpressionLog impressionLog(FeedSettings config) {
        return config.logImpressions() ? KafkaImpressionLog.create(config.impressions(), Clock.systemUTC()) : ImpressionLog.OFF;
    }

    /** Flushes what is buffered on shutdown (bounded), so a rolling restart loses few impressions. */
    void close(@Disposes ImpressionLog log) {
        if (log instanceof KafkaImpressionLog k) k.close();
    }
}
