package dev.reelrank.retrieval;

import dev.reelrank.model.Candidate;
import dev.reelrank.model.CandidateSource;
import dev.reelrank.model.FeedRequest;
import dev.reelrank.model.Popularity;
import dev.reelrank.model.Popularity.ScoredVideo;
import dev.reelrank.model.RetrievalSignals;
import dev.reelrank.proto.v1.UserFeatures;
import java.util.List;
import java.util.Objects;

/**
 * What is engaging people in the user's region now (the feature store's windowed counts): the
 * request's region, else the user's home region; trending across all regions when the region is
 * unknown or has nothing in the window. Also the cold-start answer for new users.
 */
public final class TrendingSource implements CandidateSource {
    public static final String NAME = "trending";

    private final RetrievalSignals signals;
    private final int overfetchCap;

    public TrendingSource(RetrievalSignals signals, int overfetchCap) {
        this.signals = Objects.requireNonNull(signals, "signals");
        if (overfetchCap < 0) throw new IllegalArgumentException("overfetchCap must be >= 0");
        this.overfetchCap = overfetchCap;
    }

    @Override
    public String name() {
        return NAME;
    }

    /** The region trending is read for: the request's, else the user's home region, else global. */
    static String region(FeedRequest request, UserFeatures user) {
        String r = request.context().region();
        if (r != null && !r.isBlank()) return r;
        return user.getHomeRegion().isBlank() ? Popularity.GLOBAL : user.getHomeRegion();
    }

    @Override
    public List<Candidate> retrieve(FeedRequest request, UserFeatures user, int quota) {
        if (quota <= 0) return List.of();
        var exclusions = Exclusions.of(request, user);
        int n = quota + exclusions.overfetch(overfetchCap);
        String region = region(request, user);
        List<ScoredVideo> top = signals.trending(region, n);
        if (top.isEmpty() && !Popularity.GLOBAL.equals(region)) top = signals.trending(Popularity.GLOBAL, n);
        return top.stream()
                .filter(v -> v.score() > 0 && !exclusions.video(v.videoId()))
                .limit(quota)
                .map(v -> Candidate.of(v.videoId(), null, v.score(), NAME))
                .toList();
    }
}
