package dev.reelrank.functions.eventingestion;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Against the real local Kafka ({@code scripts/stack up}): an accepted event is counted on /q/metrics by its type. */
@QuarkusTest
class EventMetricsIT {
    @Test
    void acceptedEventCountedByType() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String data = """
                {"userId":"u-%s","videoId":"v-1","action":"click","surface":"home","position":1,
                 "occurredAt":"2026-11-25T10:00:00Z"}""".formatted(run);
        given().contentType("application/json")
                .header("ce-specversion", "1.0").header("ce-id", "metrics-" + run).header("ce-source", "/it")
                .header("ce-type", "video.interaction").body(data)
                .when().post("/v1/events").then().statusCode(202);

        String metrics = given().when().get("/q/metrics").then().statusCode(200)
                .body(containsString("jvm_memory_used_bytes")).extract().asString();
        var accepted = Pattern.compile("^reelrank_events_accepted_total\\{function=\"event-ingestion\",type=\"video.interaction\"\\} ([0-9.eE+-]+)(?: #.*)?$",
                Pattern.MULTILINE).matcher(metrics);
        assertTrue(accepted.find() && Double.parseDouble(accepted.group(1)) >= 1, "no accepted interaction in:\n" + metrics);
        assertTrue(metrics.contains("http_server_requests_seconds_count{"), "HTTP server binder missing");
    }
}
