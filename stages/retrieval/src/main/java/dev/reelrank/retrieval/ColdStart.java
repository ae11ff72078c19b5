package dev.reelrank.retrieval;

import dev.reelrank.model.Candidate;
import dev.reelrank.model.CandidateSource;
import dev.reelrank.model.FeedRequest;
import dev.reelrank.proto.v1.Surface;
import dev.reelrank.proto.v1.UserFeatures;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The Home source quotas for a user the system knows nothing about yet: no watched video, no recent
 * interaction, no embedding. Without this, such a user's Home feed opened with ann's 450
 * neighbours of a user-tower vector computed from nothing but the request context (the same vector
 * for every new user of a region and device), ahead of trending in merge order; subscriptions and
 * fresh had nothing personal to go on. A cold plan instead leads with trending in the request's
 * region ({@code X-Region}, else the stored home region, else global), then fresh uploads of that
 * region, then the global popular filler: what is known to engage people nearby, plus new videos
 * to explore (exploration picks among fresh ones for its places).
 *
 * @param enabled  off: cold users get the warm quotas
 * @param ann      ann's quota for a cold user (0: leave it out, the default)
 * @param trending trending's quota for a cold user
 * @param fresh    fresh's quota for a cold user
 */
public record ColdStart(boolean enabled, int ann, int trending, int fresh) {
    /**
     * Trending 300 (the ranker's retrieval window, so a ranked cold feed is still the region's
     * trending) and fresh 150 (room for the region's new uploads under the explore pool); ann 0.
     */
    public static final ColdStart DEFAULTS = new ColdStart(true, 0, 300, 150);

    public ColdStart {
        if (ann < 0 || trending < 0 || fresh < 0) throw new IllegalArgumentException("cold-start quotas must be >= 0");
    }

    /** No history of any kind: nothing watched, nothing recent, no embedding of any version. */
    public static boolean isCold(UserFeatures user) {
        return user.getWatchedVideoIdsCount() == 0 && user.getRecentCount() == 0 && user.getEmbeddingCount() == 0;
    }

    /** {@code source} asking for {@code coldQuota} instead of its own quota when the user is cold. */
    static CandidateSource shifted(CandidateSource source, int coldQuota) {
        return new Shifted(source, coldQuota);
    }

    /** A source whose quota depends on whether the user is cold; otherwise the source itself. */
    record Shifted(CandidateSource delegate, int coldQuota) implements CandidateSource {
        Shifted {
            Objects.requireNonNull(delegate, "delegate");
        }

        @Override
        public String name() {
            return delegate.name();
        }

        @Override
        public List<Candidate> retrieve(FeedRequest request, UserFeatures user, int quota) {
            // Up Next is anchored by the video being watched, cold user or not: only Home shifts.
            int q = request.surface() == Surface.home && isCold(user) ? coldQuota : quota;
            return q <= 0 ? List.of() : delegate.retrieve(request, user, q);
        }

        @Override
        public Optional<String> modelVersion(FeedRequest request) {
            return delegate.modelVersion(request);
        }
    }
}
