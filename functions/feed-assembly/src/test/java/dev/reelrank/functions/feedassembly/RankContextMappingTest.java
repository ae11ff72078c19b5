package dev.reelrank.functions.feedassembly;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.reelrank.model.Candidate;
import dev.reelrank.proto.v1.Surface;
import dev.reelrank.proto.v1.UserFeatures;
import dev.reelrank.ranking.RankingFeatures;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The gateway's headers, through FeedParams, into the RankRequest re-ranking reads its context features from. */
class RankContextMappingTest {
    private final FeedParams params = new FeedParams(20, 100, "anonymous", 10);

    @Test
    void theHeadersReachTheRankRequestAsTheFeaturesReadThem() {
        var request = params.upNext("v0", "u", null,
                new FeedParams.Headers("Mobile", "br", "2026-12-06T19:30:00+01:00", null), "r");

        var context = GrpcRanker.toRankRequest(request, UserFeatures.getDefaultInstance(),
                List.of(Candidate.of("v1", "c1", 1, "ann"))).getContext();

        assertEquals("mobile", context.getDevice());
        assertEquals("BR", context.getRegion());
        assertEquals(Surface.up_next, context.getSurface());
        assertEquals("v0", context.getSeedVideoId());
        // The wall clock, not the instant: re-ranking reads hour 19 whatever its own zone.
        assertEquals(Instant.parse("2026-12-06T19:30:00Z").getEpochSecond(), context.getLocalTime().getSeconds());
        var features = RankingFeatures.Context.of(context);
        assertEquals(19, features.localHour());
        assertEquals(features, RankingFeatures.Context.of(request), "the in-process ranker reads the same");
    }

    @Test
    void noLocalTimeLeavesTheFieldUnsetAndTheHourUnknown() {
        var request = params.home("u", null, new FeedParams.Headers(null, null, null, null), "r");
        var context = GrpcRanker.toRankRequest(request, null, List.of()).getContext();
        assertFalse(context.hasLocalTime());
        assertEquals(-1, RankingFeatures.Context.of(context).localHour());
    }
}
