package dev.reelrank.model;

import dev.reelrank.proto.v1.UserFeatures;
import java.util.List;

/**
 * The most engaged-with videos of the whole catalogue: the first candidate source every feed
 * has, and its cold-start answer. (Trending per region is a source of its own.)
 */
public final class PopularSource implements CandidateSource {
    public static final String NAME = "popular";
    private final Popularity popularity;

    public PopularSource(Popularity popularity) {
        this.popularity = popularity;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<Candidate> retrieve(FeedRequest request, UserFeatures user, int quota) {
        return popularity.top(Popularity.GLOBAL, quota).stream()
                .filter(v -> !request.filter().excludes(v.videoId()))
                .map(v -> Candidate.of(v.videoId(), null, v.score(), NAME))
                .toList();
    }
}
