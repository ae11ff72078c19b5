package dev.reelrank.functions.reranking;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.reelrank.eventlog.rollouts.ModelRollout;
import dev.reelrank.eventlog.rollouts.ModelRollouts;
import dev.reelrank.proto.v1.RankCandidate;
import dev.reelrank.proto.v1.RankContext;
import dev.reelrank.proto.v1.RankRequest;
import dev.reelrank.proto.v1.RankingServiceGrpc;
import dev.reelrank.proto.v1.Surface;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /admin/drift} and the drift meters on {@code /q/metrics} of the running function (needs
 * the local stack: Kafka for the rollout, Redis and Cassandra for the feature reads). The heuristic
 * serves first (no training distribution: no features); then a tiny MMoE version is rolled out,
 * whose categorical values were all "c0".."c4": Rank calls from region "US" make that feature drift
 * with every value unknown, and the gauges carry the version and the feature.
 */
@QuarkusTest
@TestProfile(DriftEndpointIT.Drift.class)
class DriftEndpointIT {
    static final String RUN = "drift-" + UUID.randomUUID().toString().substring(0, 8);
    static final String TOPIC = "model-rollouts-it-" + RUN;
    static final String BOOTSTRAP = System.getProperty("kafka.bootstrap.servers", "127.0.0.1:9092");
    static final String VERSION = "mmoe-" + RUN;
    static final Path ROOT;

    static {
        try {
            ROOT = Files.createTempDirectory("reelrank-drift-it-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every call counted, a drift flagged from 40 rows (one call) on. */
    public static class Drift implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("reelrank.ranking.model", "mmoe", "reelrank.ranking.mmoe.dir", ROOT.toString(),
                    "reelrank.ranking.rollouts.enabled", "true", "reelrank.ranking.rollouts.topic", TOPIC,
                    "reelrank.ranking.rollouts.retry-delay", "200ms",
                    "reelrank.drift.sample-every", "1", "reelrank.drift.min-rows", "40");
        }
    }

    @GrpcClient("ranking")
    RankingServiceGrpc.RankingServiceBlockingStub ranking;

    private RankRequest request(int n) {
        var b = RankRequest.newBuilder().setRequestId(RUN + "-" + n).setUserId(RUN + "-user")
                .setContext(RankContext.newBuilder().setSurface(Surface.home).setDevice("web").setRegion("US"));
        for (int i = 0; i < 40; i++) b.addCandidates(RankCandidate.newBuilder().setVideoId(RUN + "-v" + i).addSources("ann"));
        return b.build();
    }

    @Test
    void reportsTheServedVersionsDrift() throws Exception {
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions()
                .untilAsserted(() -> assertEquals("heuristic-v0", ranking.rank(request(0)).getModelVersion()));
        given().get("/admin/drift").then().statusCode(200)
                .body("modelVersion", equalTo("heuristic-v0")).body("features", empty());

        TinyModels.train(ROOT, VERSION, 3);
        ModelRollouts.ensureTopic(BOOTSTRAP, TOPIC);
        ModelRollouts.publish(BOOTSTRAP, TOPIC, new ModelRollout(ModelRollout.RANKING, VERSION, null, 0, Instant.now(), "publish"));
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> ranking.rank(request(1)).getModelVersion().equals(VERSION));
        for (int i = 2; i < 5; i++) ranking.rank(request(i));

        // Rows are counted on the monitor's own thread: wait for them.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/admin/drift").then().statusCode(200)
                .body("modelVersion", equalTo(VERSION))
                .body("threshold", equalTo(0.2f))
                .body("features.find { it.name == 'region' }.kind", equalTo("categorical"))
                .body("features.find { it.name == 'region' }.unknownShare", equalTo(1.0f))
                .body("features.find { it.name == 'region' }.drifted", equalTo(true))
                .body("features.find { it.name == 'log_position' }", equalTo(null)));
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("reelrank_drift_psi{"))
                .body(containsString("feature=\"region\""))
                .body(containsString("model_version=\"" + VERSION + "\""))
                .body(containsString("reelrank_drift_unknown_share{"))
                .body(containsString("reelrank_drift_rows_total{"));
    }
}
