package dev.reelrank.pipeline.evaluation.baselines;

import dev.reelrank.model.Candidate;
import dev.reelrank.model.CandidateSource;
import dev.reelrank.model.FeedRequest;
import dev.reelrank.model.Popularity;
import dev.reelrank.proto.v1.UserFeatures;
import java.util.List;

/**
 * What is popular in the user's region lately (the request's region, else the user's home
 * region); the whole catalogue's popularity when the region is unknown or has no recent activity.
 * The time window lives in the {@link Popularity} it reads.
 */
public final class RegionPopularSource implements CandidateSource {
    public static final String NAME = "popular-in-region";
    private final Popularity popularity;

    public RegionPopularSource(Popularity popularity) {
        this.popularity = popularity;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<Candidate> retrieve(FeedRequest request, UserFeatures user, int quota) {
        String region = request.context().region() != null ? request.context().region() : user.getHomeRegion();
        var top = region == null || region.isEmpty() ? List.<Popularity.ScoredVideo>of() : popularity.top(region, quota);
        if (top.isEmpty()) top = popularity.top(Popularity.GLOBAL, quota);
        return top.stream().map(v -> Candidate.of(v.videoId(), null, v.score(), NAME)).toList();
    }
}
