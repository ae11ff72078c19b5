package dev.reelrank.functions.reranking;

import dev.reelrank.proto.v1.RankRequest;
import java.util.Optional;

/** What makes a {@link RankRequest} unacceptable; the message names the offending field. */
public record RankRequestValidator(int maxCandidates) {

    /** @return the problem, or empty when the request may be scored */
    public Optional<String> problem(RankRequest request) {
        if (request.getUserId().isBlank()) {
            return Optional.of("user_id must not be empty");
        }
        if (request.getCandidatesCount() > maxCandidates) {
            return Optional.of("candidates: " + request.getCandidatesCount() + " given, at most "
                    + maxCandidates + " allowed");
        }
        for (int i = 0; i < request.getCandidatesCount(); i++) {
            if (request.getCandidates(i).getVideoId().isBlank()) {
                return Optional.of("candidates[" + i + "].video_id must not be empty");
            }
        }
        return Optional.empty();
    }
}
