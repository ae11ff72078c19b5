package dev.reelrank.functions.feedassembly;

import dev.reelrank.eventlog.rollouts.VersionSwitch;
import dev.reelrank.model.Candidate;
import dev.reelrank.model.CandidateSource;
import dev.reelrank.model.FeedRequest;
import dev.reelrank.proto.v1.UserFeatures;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * A version-bound source (ANN, Up Next) behind the rollout switch: each call uses the source of
 * the version its request pinned, so all version-bound sources of one response share a version.
 */
final class PinnedSource implements CandidateSource {
    private final String name;
    private final VersionSwitch<ServedVersion> served;
    private final Function<ServedVersion, CandidateSource> factory;

    PinnedSource(String name, VersionSwitch<ServedVersion> served, Function<ServedVersion, CandidateSource> factory) {
        this.name = name;
        this.served = served;
        this.factory = factory;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public List<Candidate> retrieve(FeedRequest request, UserFeatures user, int quota) {
        return served.of(request).map(v -> v.source(name, factory).retrieve(request, user, quota)).orElse(List.of());
    }

    /** The version the request pinned (the one {@link #retrieve} searched); empty while none is served. */
    @Override
    public Optional<String> modelVersion(FeedRequest request) {
        return served.of(request).map(ServedVersion::version);
    }
}
