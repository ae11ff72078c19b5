package dev.reelrank.model;

import dev.reelrank.proto.v1.UserFeatures;
import dev.reelrank.proto.v1.VideoFeatures;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.random.RandomGenerator;

/**
 * Gives a share of the page to videos the system knows little about, so new and rarely shown
 * videos collect the impressions that let the ranker learn about them.
 *
 * <p>Who: the candidates just below the page (the first {@code pool} of them, already retrieved
 * and ranked for this request) that a {@code fresh} source proposed or that have fewer than
 * {@code maxImpressions} impressions, leaving out channels the page already shows
 * {@code maxPerChannel} times. Which: Thompson sampling on each one's click posterior
 * Beta(1 + clicks, 1 + impressions − clicks) from its counters in the feature store: the highest
 * draws win, so a video with few impressions wins now and then whatever its rate, and one that
 * keeps being skipped wins less and less. Where: distinct places drawn uniformly among the page's
 * places but the first (the top is the ranker's best guess and what users see first); each chosen
 * video takes its place, the page's other items move down, the last ones off the page.
 *
 * <p>How many: {@code share × page size} places, the fractional part rounded up with that
 * probability, so the share holds on average for any page size; never the whole page.
 *
 * <p>Chosen videos are served with source {@link #SOURCE} (the sources that retrieved them follow)
 * and with the score served above them ({@link FeedItem#ranked}).
 *
 * <p>Randomness comes from {@code random}, one generator per request; the default seeds it with the
 * request id, so a retried request gets the same page. Any failure (the counters cannot be read)
 * leaves the list as it is.
 */
public final class ThompsonExploration implements PostProcessor {
    private static final Logger LOG = Logger.getLogger(ThompsonExploration.class.getName());

    /** The source a chosen video is served with. */
    public static final String SOURCE = "explore";
    /** The retrieval source whose candidates are new uploads (stages/retrieval's FreshContentSource). */
    public static final String FRESH_SOURCE = "fresh";

    /**
     * @param share          of the page's places, in [0, 1); 0 = off
     * @param maxImpressions a video with fewer impressions is under-exposed (fresh-source videos always qualify)
     * @param pool           candidates below the page considered (and whose counters are read)
     * @param maxPerChannel  videos of one channel the page may show with the explored ones (the feed's channel cap)
     */
    public record Params(double share, long maxImpressions, int pool, int maxPerChannel) {
        public Params {
            if (!(share >= 0 && share < 1)) throw new IllegalArgumentException("share must be in [0, 1), was " + share);
            if (maxImpressions < 0) throw new IllegalArgumentException("maxImpressions must be >= 0, was " + maxImpressions);
            if (pool < 0) throw new IllegalArgumentException("pool must be >= 0, was " + pool);
            if (maxPerChannel < 1) throw new IllegalArgumentException("maxPerChannel must be >= 1, was " + maxPerChannel);
        }

        public Params withShare(double s) {
            return new Params(s, maxImpressions, pool, maxPerChannel);
        }
    }

    private final Params params;
    private final FeatureStore features;
    private final Function<FeedRequest, RandomGenerator> random;

    /** Randomness seeded by the request id ({@link #seededByRequestId}). */
    public ThompsonExploration(Params params, FeatureStore features) {
        this(params, features, ThompsonExploration::seededByRequestId);
    }

    public ThompsonExploration(Params params, FeatureStore features, Function<FeedRequest, RandomGenerator> random) {
        this.params = Objects.requireNonNull(params, "params");
        this.features = Objects.requireNonNull(features, "features");
        this.random = Objects.requireNonNull(random, "random");
    }

    public Params params() {
        return params;
    }

    /** The same generator for the same request id, whatever the replica or the time. */
    public static RandomGenerator seededByRequestId(FeedRequest request) {
        long h = 1125899906842597L;
        String id = request.requestId();
        for (int i = 0; i < id.length(); i++) h = 31 * h + id.charAt(i);
        return new SplittableRandom(h);
    }

    @Override
    public List<Candidate> apply(FeedRequest request, UserFeatures user, List<Candidate> ranked) {
        int page = Math.min(request.limit(), ranked.size());
        if (params.share() == 0 || page < 2 || ranked.size() == page || params.pool() == 0) return ranked;
        RandomGenerator rng = random.apply(request);
        double expected = params.share() * page;
        int slots = (int) Math.floor(expected);
        if (rng.nextDouble() < expected - slots) slots++;
        slots = Math.min(slots, page - 1);
        if (slots == 0) return ranked;

        List<Candidate> below = ranked.subList(page, Math.min(ranked.size(), page + params.pool()));
        Map<String, VideoFeatures> counters;
        try {
            counters = features.videos(below.stream().map(Candidate::videoId).toList());
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "video counters unavailable, no exploration in this feed: {0}", e.toString());
            return ranked;
        }
        var onPage = new HashMap<String, Integer>();
        for (Candidate c : ranked.subList(0, page - slots)) if (c.channelId() != null) onPage.merge(c.channelId(), 1, Integer::sum);

        // Each eligible candidate's draw; the best ones are explored.
        var eligible = new ArrayList<Candidate>();
        var draws = new ArrayList<Double>();
        for (Candidate c : below) {
            VideoFeatures v = counters.get(c.videoId());
            long impressions = v == null ? 0 : Math.max(0, v.getImpressions());
            long clicks = v == null ? 0 : Math.min(Math.max(0, v.getClicks()), impressions);
            if (!c.sources().contains(FRESH_SOURCE) && impressions >= params.maxImpressions()) continue;
            eligible.add(c);
            draws.add(BetaSampler.beta(rng, 1 + clicks, 1 + impressions - clicks));
        }
        Integer[] order = new Integer[eligible.size()];
        for (int i = 0; i < order.length; i++) order[i] = i;
        Arrays.sort(order, (a, b) -> Double.compare(draws.get(b), draws.get(a)));
        var chosen = new ArrayList<Candidate>(slots);
        for (int i : order) {
            if (chosen.size() == slots) break;
            Candidate c = eligible.get(i);
            if (c.channelId() != null && onPage.getOrDefault(c.channelId(), 0) >= params.maxPerChannel()) continue;
            if (c.channelId() != null) onPage.merge(c.channelId(), 1, Integer::sum);
            chosen.add(c);
        }
        if (chosen.isEmpty()) return ranked;

        int[] places = places(rng, page, chosen.size());
        Set<String> explored = new HashSet<>();
        for (Candidate c : chosen) explored.add(c.videoId());
        var out = new ArrayList<Candidate>(ranked.size());
        int next = 0, e = 0;
        for (int p = 0; p < page; p++) {
            if (e < places.length && places[e] == p) out.add(chosen.get(e++).taggedAs(SOURCE));
            else out.add(ranked.get(next++));
        }
        for (int i = next; i < ranked.size(); i++) {
            Candidate c = ranked.get(i);
            if (i < page || !explored.contains(c.videoId())) out.add(c);
        }
        return out;
    }

    /** {@code k} distinct places in 1..page−1, ascending (a partial shuffle). */
    static int[] places(RandomGenerator rng, int page, int k) {
        int[] all = new int[page - 1];
        for (int i = 0; i < all.length; i++) all[i] = i + 1;
        for (int i = 0; i < k; i++) {
            int j = i + rng.nextInt(all.length - i);
            int t = all[i];
            all[i] = all[j];
            all[j] = t;
        }
        int[] out = Arrays.copyOf(all, k);
        Arrays.sort(out);
        return out;
    }
}
