package dev.reelrank.functions.eventingestion;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/**
 * /q/metrics serves the Prometheus exposition with the JVM binders and this function's rejection
 * counter, tagged with the function's name. No Kafka: the requests here are refused before publishing.
 */
@QuarkusTest
class MetricsEndpointTest {
    @Test
    void refusedRequestsShowUpOnTheScrapeEndpoint() {
        given().contentType("text/plain").body("hello").when().post("/v1/events").then().statusCode(415);
        given().contentType("application/cloudevents+json").body("{\"specversion\":\"1.0\"}").when().post("/v1/events")
                .then().statusCode(400);

        given().when().get("/q/metrics").then().statusCode(200)
                .body(containsString("jvm_memory_used_bytes"))
                .body(containsString("reelrank_events_rejected_total{function=\"event-ingestion\",reason=\"invalid\"}"))
                .body(containsString("reelrank_events_rejected_total{function=\"event-ingestion\",reason=\"unsupported_media_type\"}"));
    }
}
