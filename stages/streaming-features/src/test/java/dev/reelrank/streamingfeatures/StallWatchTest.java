package dev.reelrank.streamingfeatures;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.junit.jupiter.api.Test;

class StallWatchTest {
    static final Instant START = Instant.parse("2026-12-06T19:40:00Z");
    static final Duration TIMEOUT = Duration.ofMinutes(10);

    @Test
    void stalledOnlyWhenNoCheckpointCompletedWithinTheTimeout() {
        AtomicReference<Optional<Instant>> newest = new AtomicReference<>(Optional.of(START.minus(Duration.ofHours(3))));
        var watch = new StallWatch(newest::get, TIMEOUT, START);
        // A checkpoint from an earlier run counts from the start, not from its own time.
        assertFalse(watch.stalled(START.plus(TIMEOUT)));
        assertTrue(watch.stalled(START.plus(TIMEOUT).plusSeconds(1)));
        newest.set(Optional.of(START.plus(Duration.ofMinutes(8))));
        assertFalse(watch.stalled(START.plus(Duration.ofMinutes(18))));
        assertTrue(watch.stalled(START.plus(Duration.ofMinutes(19))));
    }

    @Test
    void aZeroTimeoutNeverStallsAndNoCheckpointCountsFromTheStart() {
        assertFalse(new StallWatch(Optional::empty, Duration.ZERO, START).stalled(START.plus(Duration.ofDays(1))));
        assertTrue(new StallWatch(Optional::empty, TIMEOUT, START).stalled(START.plus(TIMEOUT).plusMillis(1)));
    }

    @Test
    void restartSettingsHaveDefaultsAndReachFlink() {
        var d = StreamingFeaturesConfig.load(k -> null, Map.of());
        assertEquals(Duration.ofSeconds(1), d.restartInitialBackoff());
        assertEquals(Duration.ofMinutes(1), d.restartMaxBackoff());
        assertEquals(Duration.ofMinutes(10), d.stallTimeout());
        var s = StreamingFeaturesConfig.load(k -> null, Map.of("STREAMING_FEATURES_RESTART_MAX_BACKOFF", "PT30S"));
        Configuration conf = new Configuration();
        StreamingFeaturesJob.restartStrategy(conf, s);
        assertEquals("exponential-delay", conf.get(RestartStrategyOptions.RESTART_STRATEGY));
        assertEquals(Duration.ofSeconds(30), conf.get(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_MAX_BACKOFF));
        assertEquals(Integer.MAX_VALUE, conf.get(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_ATTEMPTS));
        assertThrows(IllegalArgumentException.class,
                () -> StreamingFeaturesConfig.load(k -> k.equals("stall-timeout") ? "PT5S" : null, Map.of()),
                "a stall timeout within one checkpoint interval would kill a healthy job");
    }
}
