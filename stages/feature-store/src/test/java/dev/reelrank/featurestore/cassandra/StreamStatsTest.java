package dev.reelrank.featurestore.cassandra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reelrank.model.VideoStatsDelta;
import dev.reelrank.proto.v1.VideoFeatures;
import dev.reelrank.proto.v1.WindowStats;
import java.util.List;
import org.junit.jupiter.api.Test;

class StreamStatsTest {
    /** As read from video_features and video_counters (the fold's counters). */
    private static final VideoFeatures FROM_TABLES = VideoFeatures.newBuilder().setVideoId("v1").setChannelId("c1")
            .setCategory("music").setTitle("t").setDurationSeconds(60).setImpressions(100).setViews(50).setClicks(40)
            .setWatchSeconds(900).setLikes(9).setDislikes(8).setShares(7).setSkips(6).setNotInterested(5).build();

    private static StreamStats.Span span(String span, long impressions, long views, long clicks, double watch, long likes,
                                         long dislikes, long shares, long skips, long notInterested, Double ctr) {
        return new StreamStats.Span(span, new VideoStatsDelta(impressions, views, clicks, watch, likes, dislikes, shares, skips,
                notInterested), ctr);
    }

    @Test
    void withoutRowsTheTablesAnswerUnchanged() {
        assertSame(FROM_TABLES, StreamStats.merge(FROM_TABLES, List.of()));
    }

    @Test
    void theTotalRowReplacesEveryCounterEvenWithSmallerOrZeroValues() {
        var merged = StreamStats.merge(FROM_TABLES, List.of(span("total", 10, 4, 2, 12.5, 1, 0, 3, 0, 0, 0.2)));
        var expected = FROM_TABLES.toBuilder().setImpressions(10).setViews(4).setClicks(2).setWatchSeconds(12.5).setLikes(1)
                .setDislikes(0).setShares(3).setSkips(0).setNotInterested(0).build();
        assertEquals(expected, merged, "metadata kept, counters all from the job");
        assertFalse(merged.hasLast5M() || merged.hasLast1H() || merged.hasLast24H(), "no window rows, no windows");
    }

    @Test
    void windowRowsFillTheirWindowsAndLeaveCountersAloneWithoutATotal() {
        var merged = StreamStats.merge(FROM_TABLES, List.of(
                span("5m", 4, 2, 1, 30.0, 1, 1, 1, 1, 1, 0.25),
                span("1h", 0, 0, 0, 0.0, 0, 0, 0, 0, 0, null),
                span("24h", 40, 20, 10, 300.5, 7, 0, 0, 0, 0, 0.25)));
        assertEquals(WindowStats.newBuilder().setImpressions(4).setViews(2).setClicks(1).setWatchSeconds(30).setLikes(1)
                .setCtr(0.25).build(), merged.getLast5M());
        assertTrue(merged.hasLast1H(), "an empty window is present, with zeros: the job has seen the video");
        assertEquals(WindowStats.getDefaultInstance(), merged.getLast1H(), "null ctr (no impressions) reads as 0");
        assertEquals(WindowStats.newBuilder().setImpressions(40).setViews(20).setClicks(10).setWatchSeconds(300.5).setLikes(7)
                .setCtr(0.25).build(), merged.getLast24H());
        assertEquals(FROM_TABLES, merged.toBuilder().clearLast5M().clearLast1H().clearLast24H().build(),
                "without a total row the fold's counters stay");
    }

    @Test
    void unknownSpansAreIgnored() {
        assertEquals(FROM_TABLES, StreamStats.merge(FROM_TABLES, List.of(span("7d", 1, 1, 1, 1, 1, 1, 1, 1, 1, 1.0))));
    }
}
