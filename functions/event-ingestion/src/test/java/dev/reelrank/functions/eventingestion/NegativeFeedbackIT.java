package dev.reelrank.functions.eventingestion;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.reelrank.featurestore.NegativeFeedbackConfig;
import dev.reelrank.featurestore.redis.RedisNegativeFeedback;
import dev.reelrank.model.NegativeFeedback.Suppressed;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Against the real local Kafka and Redis: once a not_interested got its 202, the suppression is
 * already where the next feed reads it (no waiting for the stream consumer).
 */
@QuarkusTest
class NegativeFeedbackIT {
    @Inject
    Redis redis;

    private final String run = UUID.randomUUID().toString().substring(0, 8);

    private static String interaction(String id, String data) {
        return """
                {"specversion":"1.0","id":"%s","source":"/it","type":"video.interaction","data":%s}""".formatted(id, data);
    }

    private Suppressed read(String userId) throws Exception {
        var reader = new RedisNegativeFeedback(redis, NegativeFeedbackConfig.defaults().withTimeout(Duration.ofSeconds(5)),
                Clock.systemUTC());
        return reader.suppressed(userId).toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void aBatchsSuppressionsAreReadableWhenThe202Arrives() throws Exception {
        String a = "nf-a-" + run, b = "nf-b-" + run;
        String batch = "[" + String.join(",",
                interaction("nf1-" + run, """
                        {"userId":"%s","videoId":"v1","action":"not_interested","target":"video"}""".formatted(a)),
                interaction("nf2-" + run, """
                        {"userId":"%s","videoId":"v2","action":"not_interested","target":"channel","channelId":"c2"}""".formatted(a)),
                interaction("nf3-" + run, """
                        {"userId":"%s","videoId":"v3","action":"not_interested"}""".formatted(b)),
                interaction("nf4-" + run, """
                        {"userId":"%s","videoId":"v4","action":"watch","watchSeconds":3}""".formatted(a))) + "]";
        given().contentType("application/cloudevents-batch+json").body(batch)
                .when().post("/v1/events")
                .then().statusCode(202).body("accepted", equalTo(4));

        assertEquals(new Suppressed(Set.of("v1"), Set.of("c2"), Set.of("v4")), read(a),
                "a channel target suppresses the channel, not the video; the watch marks its video watched");
        assertEquals(new Suppressed(Set.of("v3"), Set.of()), read(b), "no target means the video, as the fold reads it");
        long ttl = redis.send(Request.cmd(Command.PTTL).arg(RedisNegativeFeedback.key(a))).toCompletionStage()
                .toCompletableFuture().get(10, TimeUnit.SECONDS).toLong();
        assertEquals(7, Duration.ofMillis(ttl).plusMinutes(1).toDays(), "expires after reelrank.negative-feedback.ttl");
    }

    /** Not a bound, a measurement: what the Redis write adds to a 202 (medians of sequential requests). */
    @Test
    void whatTheSuppressionAddsToA202() {
        for (int i = 0; i < 5; i++) post("warm" + i, "click"); // producer metadata and connections
        int n = 30;
        long[] clicks = new long[n], refusals = new long[n];
        for (int i = 0; i < n; i++) {
            clicks[i] = post("c" + i, "click");
            refusals[i] = post("n" + i, "not_interested");
        }
        java.util.Arrays.sort(clicks);
        java.util.Arrays.sort(refusals);
        System.out.printf("202 latency, median of %d: click %.2f ms, not_interested %.2f ms (p90 %.2f / %.2f ms)%n", n,
                clicks[n / 2] / 1e6, refusals[n / 2] / 1e6, clicks[n * 9 / 10] / 1e6, refusals[n * 9 / 10] / 1e6);
    }

    private long post(String id, String action) {
        long started = System.nanoTime();
        given().contentType("application/cloudevents+json")
                .body(interaction("lat-" + id + "-" + run, """
                        {"userId":"nf-lat-%s","videoId":"v-%s","action":"%s"}""".formatted(run, id, action)))
                .when().post("/v1/events")
                .then().statusCode(202);
        return System.nanoTime() - started;
    }

    @Test
    void binaryModeToo() throws Exception {
        String user = "nf-bin-" + run;
        given().contentType("application/json")
                .header("ce-specversion", "1.0").header("ce-id", "nfb-" + run).header("ce-source", "/it")
                .header("ce-type", "video.interaction")
                .body("""
                        {"userId":"%s","videoId":"v9","action":"not_interested"}""".formatted(user))
                .when().post("/v1/events")
                .then().statusCode(202);
        assertEquals(new Suppressed(Set.of("v9"), Set.of()), read(user));
    }
}
