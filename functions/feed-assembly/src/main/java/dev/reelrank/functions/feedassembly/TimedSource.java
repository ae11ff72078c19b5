package dev.reelrank.functions.feedassembly;

import dev.reelrank.model.Candidate;
import dev.reelrank.model.CandidateSource;
import dev.reelrank.model.FeedRequest;
import dev.reelrank.proto.v1.UserFeatures;
import java.util.List;
import java.util.Optional;

/**
 * A candidate source whose calls are measured ({@code reelrank.retrieval.*}); wrapped around each source
 * in the wiring so shared-model's assembler, which runs them, stays free of metrics code.
 */
final class TimedSource implements CandidateSource {
    private final CandidateSource source;
    private final FeedMetrics metrics;

    TimedSource(CandidateSource source, FeedMetrics metrics) {
        this.source = source;
        this.metrics = metrics;
    }

    @Override
    public String name() {
        return source.name();
    }

    @Override
    public List<Candidate> retrieve(FeedRequest request, UserFeatures user, int quota) {
        long started = System.nanoTime();
        int proposed = 0;
        try {
            List<Candidate> candidates = source.retrieve(request, user, quota);
            proposed = candidates.size();
            return candidates;
        } finally {
            // A failure counts too: its latency is what the feed waited, its 0 candidates what it got.
            metrics.source(source.name(), System.nanoTime() - started, proposed);
        }
    }

    @Override
    public Optional<String> modelVersion(FeedRequest request) {
        return source.modelVersion(request);
    }
}
