package dev.reelrank.functions.feedassembly;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class ProblemTest {
    @Test
    void invalidParameterBodyFollowsRfc9457() throws Exception {
        var problem = Problem.invalidParameter(new InvalidParameterException("limit", "query", "must be between 1 and 100, was 0"),
                "/v1/users/u1/feed/home");
        var json = new ObjectMapper().readTree(new ObjectMapper().writeValueAsString(problem));

        assertEquals(Problem.INVALID_PARAMETER_TYPE, json.get("type").asText());
        assertEquals("Invalid request parameter", json.get("title").asText());
        assertEquals(400, json.get("status").asInt());
        assertEquals("limit: must be between 1 and 100, was 0", json.get("detail").asText());
        assertEquals("/v1/users/u1/feed/home", json.get("instance").asText());
        var param = json.get("invalid-params").get(0);
        assertEquals("limit", param.get("name").asText());
        assertEquals("query", param.get("in").asText());
        assertEquals("must be between 1 and 100, was 0", param.get("reason").asText());
        assertFalse(json.has("invalidParams"));
    }
}
