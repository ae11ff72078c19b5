package dev.reelrank.functions.eventingestion;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reelrank.functions.eventingestion.HostileRequests.Mode;
import dev.reelrank.functions.eventingestion.HostileRequests.Mutation;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The generator itself: replayable from a seed, every mutation drawn, valid requests really valid. */
class HostileRequestsTest {
    static final EventIngestion SHIPPED = new EventIngestion(ShippedConfig.limits(), ShippedConfig.fieldLimits());

    @Test
    void theSameSeedGivesTheSameRequests() {
        for (Mode mode : Mode.values()) {
            Random a = new Random(42), b = new Random(42);
            for (int i = 0; i < 300; i++) {
                var x = HostileRequests.next(mode, a);
                var y = HostileRequests.next(mode, b);
                assertEquals(x.mutation(), y.mutation());
                assertEquals(x.contentType(), y.contentType());
                assertEquals(x.headers(), y.headers());
                assertArrayEquals(x.body(), y.body(), x.toString());
            }
        }
    }

    @Test
    void everyMutationIsDrawnInEveryMode() {
        for (Mode mode : Mode.values()) {
            var seen = EnumSet.noneOf(Mutation.class);
            Random random = new Random(7);
            for (int i = 0; i < 3_000; i++) seen.add(HostileRequests.next(mode, random).mutation());
            var expected = EnumSet.allOf(Mutation.class);
            if (mode != Mode.BATCH) expected.remove(Mutation.HUGE_BATCH);
            assertEquals(expected, seen, mode.toString());
        }
    }

    @Test
    void eachMutationChangesTheRequestOfEveryMode() {
        Random random = new Random(11);
        for (Mode mode : Mode.values()) {
            for (Mutation m : Mutation.values()) {
                if (m == Mutation.NONE || (m == Mutation.HUGE_BATCH && mode != Mode.BATCH)) continue;
                int refused = 0;
                for (int i = 0; i < 50; i++) {
                    var r = HostileRequests.next(mode, m, random);
                    assertEquals(m, r.mutation());
                    if (refused(r)) refused++;
                }
                // Some mutations may leave a valid event (dropping the optional time), never all of them.
                assertTrue(refused > 0, mode + "/" + m + " never produced a refused request");
            }
        }
    }

    @Test
    void validRequestsAreAcceptedInEveryMode() {
        Random random = new Random(3);
        for (Mode mode : Mode.values()) {
            for (int i = 0; i < 500; i++) {
                var r = HostileRequests.valid(mode, random);
                var events = SHIPPED.accept(r.contentType(), FuzzChecks.multi(r.headers()), r.body(), Instant.EPOCH);
                assertTrue(!events.isEmpty(), r.toString());
            }
        }
    }

    @Test
    void theHugeBatchHasFiveThousandEvents() {
        var r = HostileRequests.next(Mode.BATCH, Mutation.HUGE_BATCH, new Random(1));
        Problem p = EventIngestionTest.rejected(() -> SHIPPED.accept(r.contentType(), Map.of(), r.body(), Instant.EPOCH));
        assertEquals(413, p.status());
        assertTrue(p.detail().contains("5000"), p.detail());
    }

    static boolean refused(HostileRequests.Request r) {
        try {
            SHIPPED.accept(r.contentType(), FuzzChecks.multi(r.headers()), r.body(), Instant.EPOCH);
            return false;
        } catch (RejectedEventException e) {
            return true;
        }
    }
}
