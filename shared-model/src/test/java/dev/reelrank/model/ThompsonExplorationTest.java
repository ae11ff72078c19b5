package dev.reelrank.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reelrank.proto.v1.UserFeatures;
import dev.reelrank.proto.v1.VideoFeatures;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ThompsonExplorationTest {
    private static final UserFeatures NOBODY = UserFeatures.getDefaultInstance();

    /** Counters by video id; videos not in the map are unknown to the store (0 impressions). */
    private static FeatureStore counters(Map<String, VideoFeatures> videos) {
        return new FeatureStore() {
            @Override
            public Optional<UserFeatures> user(String userId) {
                return Optional.empty();
            }

            @Override
            public Map<String, VideoFeatures> videos(Collection<String> ids) {
                var out = new HashMap<String, VideoFeatures>();
                for (String id : ids) if (videos.containsKey(id)) out.put(id, videos.get(id));
                return out;
            }
        };
    }

    private static VideoFeatures stats(long impressions, long clicks) {
        return VideoFeatures.newBuilder().setImpressions(impressions).setClicks(clicks).build();
    }

    /** n candidates, each of its own channel, scores falling; all unknown to the store, so all under-exposed. */
    private static List<Candidate> ranked(int n) {
        var out = new ArrayList<Candidate>();
        for (int i = 0; i < n; i++) out.add(Candidate.of("v" + i, "c" + i, 1.0 - i / 1000.0, "ann"));
        return out;
    }

    private static ThompsonExploration explore(double share, FeatureStore store) {
        return new ThompsonExploration(new ThompsonExploration.Params(share, 100, 100, 3), store);
    }

    private static List<Integer> explorePlaces(List<Candidate> out, int limit) {
        var places = new ArrayList<Integer>();
        for (int i = 0; i < limit; i++) if (out.get(i).primarySource().equals(ThompsonExploration.SOURCE)) places.add(i);
        return places;
    }

    @Test
    void betaDrawsHaveTheirDistributionsMeanAndVariance() {
        var rng = new SplittableRandom(42);
        for (double[] ab : new double[][]{{1, 1}, {3, 9}, {51, 951}}) {
            double a = ab[0], b = ab[1];
            int n = 40_000;
            double sum = 0, sq = 0;
            for (int i = 0; i < n; i++) {
                double x = BetaSampler.beta(rng, a, b);
                assertTrue(x > 0 && x < 1);
                sum += x;
                sq += x * x;
            }
            double mean = sum / n, var = sq / n - mean * mean;
            double trueMean = a / (a + b), trueVar = a * b / ((a + b) * (a + b) * (a + b + 1));
            assertEquals(trueMean, mean, 4 * Math.sqrt(trueVar / n), "mean of Beta(" + a + ", " + b + ")");
            assertEquals(trueVar, var, 0.05 * trueVar, "variance of Beta(" + a + ", " + b + ")");
        }
    }

    @Test
    void theShareIsRespectedAndHeldOnAverageForAnyPageSize() {
        var ex = explore(0.1, counters(Map.of()));
        for (int r = 0; r < 50; r++) {
            var out = ex.apply(FeedRequest.home("req-" + r, "u", 20, null), NOBODY, ranked(200));
            assertEquals(2, explorePlaces(out, 20).size(), "10 % of 20");
            assertEquals(200, out.size(), "nothing dropped");
            assertEquals(200, new HashSet<>(out.stream().map(Candidate::videoId).toList()).size(), "nothing doubled");
        }
        int total = 0, feeds = 2_000;
        for (int r = 0; r < feeds; r++) total += explorePlaces(ex.apply(FeedRequest.home("req-" + r, "u", 25, null), NOBODY, ranked(200)), 25).size();
        assertEquals(2.5, (double) total / feeds, 0.05, "10 % of 25 on average");
    }

    @Test
    void placesVaryButNeverTheFirst() {
        var ex = explore(0.1, counters(Map.of()));
        var seen = new HashSet<Integer>();
        for (int r = 0; r < 300; r++) {
            var places = explorePlaces(ex.apply(FeedRequest.home("req-" + r, "u", 20, null), NOBODY, ranked(100)), 20);
            assertTrue(!places.contains(0), "never the first place");
            seen.addAll(places);
        }
        assertEquals(19, seen.size(), "every place but the first is used: " + seen);
    }

    @Test
    void theSameRequestIdGetsTheSamePageAndAnotherIdMostlyAnother() {
        var ex = explore(0.1, counters(Map.of()));
        var a = ex.apply(FeedRequest.home("req-1", "u", 20, null), NOBODY, ranked(100));
        assertEquals(a, ex.apply(FeedRequest.home("req-1", "u", 20, null), NOBODY, ranked(100)));
        int different = 0;
        for (int r = 2; r < 22; r++) if (!a.equals(ex.apply(FeedRequest.home("req-" + r, "u", 20, null), NOBODY, ranked(100)))) different++;
        assertTrue(different >= 18, "other request ids explore otherwise: " + different + " of 20");
    }

    /** The page keeps its order around the explored places; the displaced items come right after the page. */
    @Test
    void exploredVideosComeFromBelowThePageWhichOtherwiseKeepsItsOrder() {
        var ex = new ThompsonExploration(new ThompsonExploration.Params(0.1, 100, 100, 3), counters(Map.of()), r -> new SplittableRandom(7));
        var in = ranked(50);
        var out = ex.apply(FeedRequest.home("r", "u", 20, null), NOBODY, in);
        var rest = new ArrayList<Candidate>();
        for (Candidate c : out) {
            if (c.primarySource().equals(ThompsonExploration.SOURCE)) {
                assertTrue(in.indexOf(c.withScore(c.score())) < 0, "tagged copy");
                int from = Integer.parseInt(c.videoId().substring(1));
                assertTrue(from >= 20, "explored from below the page: " + c.videoId());
                assertEquals(List.of(ThompsonExploration.SOURCE, "ann"), List.copyOf(c.sources()));
            } else rest.add(c);
        }
        var expected = new ArrayList<>(in);
        expected.removeIf(c -> out.stream().anyMatch(o -> o.primarySource().equals(ThompsonExploration.SOURCE) && o.videoId().equals(c.videoId())));
        assertEquals(expected, rest);
    }

    /**
     * Only fresh or under-exposed candidates; among them the click posteriors decide: a video with
     * 40 clicks in 90 impressions (Beta(41, 51), mean 0.45) beats one with 0 clicks in 90 (Beta(1, 91),
     * mean 0.011) essentially always; a video with 10,000 impressions is never explored unless the
     * fresh source proposed it.
     */
    @Test
    void thompsonSamplingPrefersTheBetterPosteriorAmongTheEligible() {
        var in = new ArrayList<Candidate>();
        for (int i = 0; i < 5; i++) in.add(Candidate.of("top" + i, "t" + i, 1 - i / 10.0, "ann"));
        in.add(Candidate.of("known", "k", 0.2, "ann"));
        in.add(Candidate.of("clicked", "c", 0.1, "ann"));
        in.add(Candidate.of("skipped", "s", 0.05, "ann"));
        in.add(Candidate.of("fresh-known", "f", 0.01, "fresh"));
        var store = counters(Map.of("known", stats(10_000, 9_000), "clicked", stats(90, 40), "skipped", stats(90, 0),
                "fresh-known", stats(10_000, 0)));
        var ex = explore(0.2, store); // 1 place of 5
        var chosen = new HashMap<String, Integer>();
        for (int r = 0; r < 500; r++) {
            var out = ex.apply(FeedRequest.home("req-" + r, "u", 5, null), NOBODY, in);
            for (int i : explorePlaces(out, 5)) chosen.merge(out.get(i).videoId(), 1, Integer::sum);
        }
        assertEquals(null, chosen.get("known"), "over-exposed and not fresh: " + chosen);
        assertEquals(500, chosen.values().stream().mapToInt(Integer::intValue).sum());
        assertTrue(chosen.getOrDefault("clicked", 0) >= 495, "the better posterior wins: " + chosen);
    }

    @Test
    void aChannelAlreadyAtTheCapOnThePageIsNotExplored() {
        var in = new ArrayList<Candidate>();
        for (int i = 0; i < 3; i++) in.add(Candidate.of("a" + i, "A", 1 - i / 10.0, "ann"));
        in.add(Candidate.of("b0", "B", 0.5, "ann"));
        in.add(Candidate.of("a3", "A", 0.4, "fresh"));
        in.add(Candidate.of("c0", "C", 0.3, "fresh"));
        var ex = new ThompsonExploration(new ThompsonExploration.Params(0.25, 100, 100, 3), counters(Map.of()));
        for (int r = 0; r < 50; r++) {
            var out = ex.apply(FeedRequest.home("req-" + r, "u", 4, null), NOBODY, in);
            var places = explorePlaces(out, 4);
            assertEquals(1, places.size());
            assertEquals("c0", out.get(places.get(0)).videoId());
        }
    }

    @Test
    void offShortListsAndUnreadableCountersLeaveTheListAlone() {
        var in = ranked(30);
        assertSame(in, explore(0, counters(Map.of())).apply(FeedRequest.home("r", "u", 20, null), NOBODY, in));
        var short20 = ranked(20);
        assertSame(short20, explore(0.1, counters(Map.of())).apply(FeedRequest.home("r", "u", 20, null), NOBODY, short20));
        var failing = new FeatureStore() {
            @Override
            public Optional<UserFeatures> user(String userId) {
                return Optional.empty();
            }

            @Override
            public Map<String, VideoFeatures> videos(Collection<String> ids) {
                throw new IllegalStateException("redis down");
            }
        };
        assertSame(in, explore(0.1, failing).apply(FeedRequest.home("r", "u", 20, null), NOBODY, in));
    }

    /** Served scores stay non-increasing: an explored item serves the score above it and lowers nothing below. */
    @Test
    void anExploredItemServesTheScoreAboveIt() {
        var page = List.of(Candidate.of("a", "A", 0.9, "ann"), Candidate.of("x", "X", 0.01, "fresh").taggedAs(ThompsonExploration.SOURCE),
                Candidate.of("b", "B", 0.8, "ann"), Candidate.of("c", "C", 0.85, "ann"));
        var items = FeedItem.ranked(page, 4, Reason.Rule.of(FeedRequest.home("r", "u", 4, null), NOBODY));
        assertEquals(List.of(0.9, 0.9, 0.8, 0.8), items.stream().map(FeedItem::score).toList());
        assertEquals("explore", items.get(1).source());
        assertNotEquals("explore", items.get(0).source());
    }
}
