package dev.reelrank.retrieval;

import dev.reelrank.model.Candidate;
import dev.reelrank.model.CandidateSource;
import dev.reelrank.model.FeatureStore;
import dev.reelrank.model.FeedFilter;
import dev.reelrank.model.FeedRequest;
import dev.reelrank.model.RetrievalSignals;
import dev.reelrank.model.RetrievalSignals.FreshList;
import dev.reelrank.model.RetrievalSignals.FreshScope;
import dev.reelrank.model.RetrievalSignals.Upload;
import dev.reelrank.proto.v1.Action;
import dev.reelrank.proto.v1.HistoryEntry;
import dev.reelrank.proto.v1.UserFeatures;
import dev.reelrank.proto.v1.VideoFeatures;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Content-based retrieval of new uploads, so a video nobody has interacted with yet can still be
 * recommended (cold start for videos). The user's taste is read from their features: top
 * categories by affinity, and the tags and languages of the videos they recently engaged with;
 * a user with no history is matched on region (the request's {@code X-Region}, else their home
 * region) and on nothing else, besides a {@code category} or {@code language} the request's filter
 * names (read as lists of their own and counted as full matches). Candidates come from the newest uploads of those categories, languages and the
 * region; each is scored by how well its content matches:
 * <pre>
 *   categoryWeight × affinity(category) / max affinity
 * + tagWeight      × mean over its tags of the user's tag weight (tag count / max tag count)
 * + languageWeight × [its language is one of the user's]
 * + regionWeight   × [its region is the user's]
 * </pre>
 * ties broken by the newest upload.
 */
public final class FreshContentSource implements CandidateSource {
    public static final String NAME = "fresh";

    /**
     * @param topCategories  categories (by positive affinity) whose fresh lists are read
     * @param topLanguages   languages of recently engaged videos whose fresh lists are read
     * @param historyVideos  recent positive interactions whose videos' tags and language form the profile
     * @param perList        newest uploads read from each fresh list
     */
    public record Config(int topCategories, int topLanguages, int historyVideos, int perList,
                         double categoryWeight, double tagWeight, double languageWeight, double regionWeight) {
        public static final Config DEFAULTS = new Config(3, 1, 20, 50, 1.0, 1.0, 0.5, 0.25);

        public Config {
            if (topCategories < 0 || topLanguages < 0 || historyVideos < 0) throw new IllegalArgumentException("counts must be >= 0");
            if (perList < 1) throw new IllegalArgumentException("perList must be >= 1");
        }
    }

    private static final Set<Action> POSITIVE = Set.of(Action.click, Action.watch, Action.like, Action.share, Action.subscribe);

    private final RetrievalSignals signals;
    private final FeatureStore features;
    private final Config config;

    public FreshContentSource(RetrievalSignals signals, FeatureStore features, Config config) {
        this.signals = Objects.requireNonNull(signals, "signals");
        this.features = Objects.requireNonNull(features, "features");
        this.config = Objects.requireNonNull(config, "config");
    }

    @Override
    public String name() {
        return NAME;
    }

    /** What the user likes, as far as content goes. */
    record Profile(Map<String, Double> categories, Map<String, Double> tags, Set<String> languages, String region) {
        boolean isEmpty() {
            return categories.isEmpty() && tags.isEmpty() && languages.isEmpty() && region == null;
        }
    }

    Profile profile(FeedRequest request, UserFeatures user) {
        var categories = new LinkedHashMap<String, Double>();
        double maxAffinity = user.getCategoryAffinityMap().values().stream().mapToDouble(Double::doubleValue).max().orElse(0);
        if (maxAffinity > 0) {
            user.getCategoryAffinityMap().entrySet().stream().filter(e -> e.getValue() > 0)
                    .sorted(Map.Entry.<String, Double>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                    .limit(config.topCategories())
                    .forEach(e -> categories.put(e.getKey(), e.getValue() / maxAffinity));
        }

        var engaged = new LinkedHashSet<String>();
        for (HistoryEntry h : user.getRecentList()) {
            if (engaged.size() >= config.historyVideos()) break;
            if (POSITIVE.contains(h.getAction()) && !h.getVideoId().isEmpty()) engaged.add(h.getVideoId());
        }
        var tagCounts = new HashMap<String, Integer>();
        var languageCounts = new HashMap<String, Integer>();
        if (!engaged.isEmpty()) {
            for (VideoFeatures v : features.videoMetadata(engaged).values()) {
                for (String t : new LinkedHashSet<>(v.getTagsList())) tagCounts.merge(t, 1, Integer::sum);
                if (!v.getLanguage().isEmpty()) languageCounts.merge(v.getLanguage(), 1, Integer::sum);
            }
        }
        int maxTag = tagCounts.values().stream().mapToInt(Integer::intValue).max().orElse(1);
        var tags = new HashMap<String, Double>();
        tagCounts.forEach((t, c) -> tags.put(t, (double) c / maxTag));
        var languages = new LinkedHashSet<String>();
        languageCounts.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(config.topLanguages()).forEach(e -> languages.add(e.getKey()));

        // A category or language the request insists on is read as a list of its own and counts as a
        // full match: for a user without history (profile = region only) the filter would otherwise leave
        // just the region's uploads that happen to match it, and a region-less one nothing at all.
        FeedFilter filter = request.filter();
        if (filter.category() != null) categories.merge(filter.category(), 1.0, Math::max);
        if (filter.language() != null) languages.add(filter.language());

        String region = request.context().region();
        if (region == null || region.isBlank()) region = user.getHomeRegion().isBlank() ? null : user.getHomeRegion();
        return new Profile(categories, tags, languages, region);
    }

    @Override
    public List<Candidate> retrieve(FeedRequest request, UserFeatures user, int quota) {
        if (quota <= 0) return List.of();
        Profile profile = profile(request, user);
        if (profile.isEmpty()) return List.of();
        var exclusions = Exclusions.of(request, user);

        var pool = new LinkedHashMap<String, Upload>();
        var lists = new ArrayList<FreshList>();
        profile.categories().keySet().forEach(c -> lists.add(new FreshList(FreshScope.CATEGORY, c)));
        profile.languages().forEach(l -> lists.add(new FreshList(FreshScope.LANGUAGE, l)));
        if (profile.region() != null) lists.add(new FreshList(FreshScope.REGION, profile.region()));
        for (List<Upload> uploads : signals.fresh(lists, config.perList())) addAll(pool, uploads);
        pool.keySet().removeIf(exclusions::video);
        if (pool.isEmpty()) return List.of();

        Map<String, VideoFeatures> content = features.videoMetadata(pool.keySet());
        record Scored(String videoId, String channelId, double score, Instant publishedAt) {}
        var scored = new ArrayList<Scored>(pool.size());
        for (Upload u : pool.values()) {
            VideoFeatures v = content.get(u.videoId());
            if (v == null) continue; // not readable yet: nothing to match on
            if (exclusions.channel(v.getChannelId())) continue;
            // The features are at hand: a video the request's filter refuses does not take a place of the quota.
            if (!request.filter().admitsContent(v)) continue;
            scored.add(new Scored(u.videoId(), v.getChannelId().isEmpty() ? u.channelId() : v.getChannelId(), score(profile, v), u.publishedAt()));
        }
        return scored.stream()
                .filter(s -> s.score() > 0)
                .sorted(Comparator.comparingDouble(Scored::score).reversed()
                        .thenComparing(Scored::publishedAt, Comparator.nullsLast(Comparator.reverseOrder()))
                        .thenComparing(Scored::videoId))
                .limit(quota)
                .map(s -> Candidate.of(s.videoId(), s.channelId(), s.score(), NAME))
                .toList();
    }

    double score(Profile p, VideoFeatures v) {
        double s = config.categoryWeight() * p.categories().getOrDefault(v.getCategory(), 0.0);
        if (v.getTagsCount() > 0 && !p.tags().isEmpty()) {
            double sum = 0;
            for (String t : v.getTagsList()) sum += p.tags().getOrDefault(t, 0.0);
            s += config.tagWeight() * sum / v.getTagsCount();
        }
        if (p.languages().contains(v.getLanguage())) s += config.languageWeight();
        if (p.region() != null && p.region().equals(v.getRegion())) s += config.regionWeight();
        return s;
    }

    private static void addAll(Map<String, Upload> pool, List<Upload> uploads) {
        for (Upload u : uploads) pool.putIfAbsent(u.videoId(), u);
    }
}
