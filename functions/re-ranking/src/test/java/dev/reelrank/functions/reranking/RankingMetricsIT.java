package dev.reelrank.functions.reranking;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reelrank.proto.v1.RankCandidate;
import dev.reelrank.proto.v1.RankContext;
import dev.reelrank.proto.v1.RankRequest;
import dev.reelrank.proto.v1.RankingServiceGrpc;
import dev.reelrank.proto.v1.Surface;
import dev.reelrank.proto.v1.UserFeatures;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Rank calls over real gRPC (features from the stack's Redis and Cassandra, scripts/stack up), then
 * /q/metrics on the same port: the calls counted by model version and outcome, the served model's gauge.
 */
@QuarkusTest
class RankingMetricsIT {
    // No client configuration: in tests Quarkus points it at the application under test.
    @GrpcClient("ranking")
    RankingServiceGrpc.RankingServiceBlockingStub ranking;

    @Test
    void rankCallsShowUpOnTheScrapeEndpoint() {
        String run = "rm-" + UUID.randomUUID().toString().substring(0, 8);
        var request = RankRequest.newBuilder().setRequestId(run).setUserId(run + "-user")
                .setUser(UserFeatures.newBuilder().setUserId(run + "-user"))
                .setContext(RankContext.newBuilder().setSurface(Surface.home).setDevice("mobile").setRegion("BR"))
                .addCandidates(RankCandidate.newBuilder().setVideoId(run + "-v1").addSources("popular"))
                .build();
        FeatureStoreConnected.await(ranking, java.time.Duration.ofSeconds(60));
        var answer = ranking.withDeadlineAfter(30, TimeUnit.SECONDS).rank(request);
        var refused = assertThrows(StatusRuntimeException.class,
                () -> ranking.withDeadlineAfter(30, TimeUnit.SECONDS).rank(request.toBuilder().setUserId("").build()));
        assertEquals(Status.Code.INVALID_ARGUMENT, refused.getStatus().getCode());

        String metrics = given().when().get("/q/metrics").then().statusCode(200)
                .body(containsString("jvm_memory_used_bytes"))
                .body(containsString("reelrank_model_served{function=\"re-ranking\",model=\"ranking\",version=\"" + answer.getModelVersion() + "\"} 1"))
                .extract().asString();
        for (String outcome : List.of("ok", "invalid_argument")) {
            var count = Pattern.compile("^reelrank_rank_requests_seconds_count\\{function=\"re-ranking\",model_version=\""
                    + Pattern.quote(answer.getModelVersion()) + "\",outcome=\"" + outcome + "\"\\} ([0-9.eE+-]+)(?: #.*)?$", Pattern.MULTILINE).matcher(metrics);
            assertTrue(count.find() && Double.parseDouble(count.group(1)) >= 1, outcome + " not counted in:\n" + metrics);
        }
        assertTrue(metrics.contains("reelrank_rank_requests_seconds_bucket{"), "no histogram buckets");
    }
}
