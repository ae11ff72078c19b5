package dev.reelrank.model;

import dev.reelrank.proto.v1.UserFeatures;
import java.util.List;

/**
 * Scores retrieved candidates. May throw or time out: the feed pipeline treats any failure
 * as "keep the retrieval order" (see {@link FeedAssembler}).
 */
public interface Ranker {
    Ranking rank(FeedRequest request, UserFeatures user, List<Candidate> candidates);

    /**
     * The ranker was not called: its circuit breaker is open after repeated failures or timeouts
     * (the feed says {@code ranking_circuit_open}, apart from {@code ranking_unavailable}, a call
     * that failed, so a load that only trips the breaker is told from a broken connection).
     */
    final class CircuitOpen extends RuntimeException {
        public CircuitOpen(String message) {
            super(message);
        }
    }

    /** The ranker did not answer within the caller's budget (the feed says {@code ranking_timeout}). */
    final class Timeout extends RuntimeException {
        public Timeout(String message) {
            super(message);
        }
    }

    /**
     * Candidates re-scored (score = the combined ranking score) and in the ranker's order, best first.
     * A ranker held to a retrieval window (stages/ranking's ScoreCombiner) may leave a candidate below
     * one it scored lower; the served scores are made non-increasing ({@link FeedItem#ranked}).
     */
    record Ranking(String modelVersion, List<Candidate> candidates) {
        public Ranking {
            candidates = List.copyOf(candidates);
        }
    }
}
