package dev.reelrank.functions.eventarchiver;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** /q/metrics with the HTTP binding and no broker: an archived delivery counted as committed, JVM binders on. */
@QuarkusTest
@TestProfile(HttpBindingTest.HttpOnly.class)
class MetricsEndpointTest {
    @Test
    void anArchivedDeliveryIsCountedAsCommitted() {
        var e = TestDeliveries.interaction("metrics-1", "user-m", HttpBindingTest.WHEN);
        given().body(e.payload().toByteArray()).headers(TestDeliveries.ceHeaders(e)).post("/").then().statusCode(200)
                .body("status", equalTo("archived"));

        String metrics = given().when().get("/q/metrics").then().statusCode(200)
                .body(containsString("jvm_memory_used_bytes")).extract().asString();
        var committed = Pattern.compile("^reelrank_archive_events_total\\{function=\"event-archiver\",outcome=\"committed\"\\} ([0-9.eE+-]+)$",
                Pattern.MULTILINE).matcher(metrics);
        assertTrue(committed.find() && Double.parseDouble(committed.group(1)) >= 1, "no committed event in:\n" + metrics);
        assertTrue(!metrics.contains("reelrank_consumer_lag"), "the HTTP binding registers no consumer lag");
    }
}
