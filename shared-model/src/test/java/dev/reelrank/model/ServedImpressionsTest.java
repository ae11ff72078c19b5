package dev.reelrank.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reelrank.proto.v1.Action;
import dev.reelrank.proto.v1.Interaction;
import dev.reelrank.proto.v1.Surface;
import org.junit.jupiter.api.Test;

class ServedImpressionsTest {
    private static Interaction impression(String user, String request, String video) {
        return Interaction.newBuilder().setUserId(user).setVideoId(video).setAction(Action.impression).setRequestId(request).build();
    }

    @Test
    void eventIdIsDeterministicAndShort() {
        String id = ServedImpressions.eventId("r-1", "v-1");
        assertEquals(id, ServedImpressions.eventId("r-1", "v-1"));
        assertNotEquals(id, ServedImpressions.eventId("r-1", "v-2"));
        assertNotEquals(id, ServedImpressions.eventId("r-2", "v-1"));
        // The separator keeps (r-1, v-12) and (r-1v, -12)-like splits apart.
        assertNotEquals(ServedImpressions.eventId("ab", "c"), ServedImpressions.eventId("a", "bc"));
        assertTrue(id.matches("imp-[0-9a-f]{32}"), id);
        assertTrue(ServedImpressions.eventId("r".repeat(128), "v".repeat(128)).length() <= 64);
    }

    @Test
    void servedAndClientImpressionsOfOneItemShareTheCountingKey() {
        var served = impression("u1", "r-1", "v-1").toBuilder().setPosition(3).setSource("ann").setBucket("control")
                .setSurface(Surface.home).build();
        var client = impression("u1", "r-1", "v-1").toBuilder().setPosition(3).setDevice("ios").build();
        assertEquals(ServedImpressions.countingKey(served), ServedImpressions.countingKey(client));
        assertTrue(ServedImpressions.countingKey(served).isPresent());
        assertNotEquals(ServedImpressions.countingKey(served), ServedImpressions.countingKey(impression("u1", "r-2", "v-1")));
        assertNotEquals(ServedImpressions.countingKey(served), ServedImpressions.countingKey(impression("u2", "r-1", "v-1")));
    }

    @Test
    void onlyImpressionsNamingTheirRequestHaveAKey() {
        assertTrue(ServedImpressions.countingKey(impression("u1", "", "v-1")).isEmpty());
        assertTrue(ServedImpressions.countingKey(impression("u1", "r-1", "")).isEmpty());
        var click = impression("u1", "r-1", "v-1").toBuilder().setAction(Action.click).build();
        assertTrue(ServedImpressions.countingKey(click).isEmpty());
    }
}
