package dev.reelrank.functions.reranking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reelrank.proto.v1.RankCandidate;
import dev.reelrank.proto.v1.RankRequest;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RankRequestValidatorTest {
    private final RankRequestValidator validator = new RankRequestValidator(3);

    private static RankRequest request(String user, int candidates) {
        var b = RankRequest.newBuilder().setUserId(user);
        for (int i = 0; i < candidates; i++) b.addCandidates(RankCandidate.newBuilder().setVideoId("v" + i));
        return b.build();
    }

    @Test
    void acceptsUpToTheLimitAndNoCandidates() {
        assertEquals(Optional.empty(), validator.problem(request("u", 3)));
        assertEquals(Optional.empty(), validator.problem(request("u", 0)));
    }

    @Test
    void refusesTooManyCandidates() {
        var problem = validator.problem(request("u", 4)).orElseThrow();
        assertTrue(problem.contains("candidates") && problem.contains("4") && problem.contains("3"), problem);
    }

    @Test
    void refusesAnEmptyUser() {
        assertTrue(validator.problem(request("", 1)).orElseThrow().contains("user_id"));
        assertTrue(validator.problem(request("  ", 1)).orElseThrow().contains("user_id"));
    }

    @Test
    void refusesACandidateWithoutVideo() {
        var r = request("u", 1).toBuilder().addCandidates(RankCandidate.getDefaultInstance()).build();
        assertEquals("candidates[1].video_id must not be empty", validator.problem(r).orElseThrow());
    }
}
