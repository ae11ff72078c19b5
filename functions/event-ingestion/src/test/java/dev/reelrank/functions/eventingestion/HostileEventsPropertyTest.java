package dev.reelrank.functions.eventingestion;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.reelrank.eventlog.LoggedEvent;
import dev.reelrank.functions.eventingestion.HostileRequests.Mode;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The validation of {@code POST /v1/events} against 10,000 hostile requests per mode, in process
 * (no HTTP, no Kafka): every request is either accepted with nothing poisonous in it, or refused
 * with a 400, 413 or 415 problem; nothing else is thrown. Try {@code i} draws from a {@link Random}
 * seeded with the fixed seed and {@code i}, so a failure names the try that replays it exactly.
 */
class HostileEventsPropertyTest {
    static final long SEED = 20261206L;
    static final int TRIES = Integer.getInteger("reelrank.fuzz.property-tries", 10_000);
    static final FieldLimits FIELDS = ShippedConfig.fieldLimits();
    static final EventIngestion INGESTION = new EventIngestion(ShippedConfig.limits(), FIELDS);
    static final Set<Integer> CLIENT_ERRORS = Set.of(400, 413, 415);

    @Test
    void binary() {
        tries(random -> check(HostileRequests.next(Mode.BINARY, random)));
    }

    @Test
    void structured() {
        tries(random -> check(HostileRequests.next(Mode.STRUCTURED, random)));
    }

    @Test
    void batch() {
        tries(random -> check(HostileRequests.next(Mode.BATCH, random)));
    }

    static void tries(Consumer<Random> oneTry) {
        for (int i = 0; i < TRIES; i++) {
            try {
                oneTry.accept(new Random(SEED * 1_000_003L + i));
            } catch (AssertionError e) {
                throw new AssertionError("try " + i + " of seed " + SEED + ": " + e.getMessage(), e);
            }
        }
    }

    static void check(HostileRequests.Request r) {
        List<LoggedEvent> accepted;
        try {
            accepted = INGESTION.accept(r.contentType(), FuzzChecks.multi(r.headers()), r.body(), Instant.EPOCH);
        } catch (RejectedEventException e) {
            Problem p = e.problem();
            assertTrue(CLIENT_ERRORS.contains(p.status()) && p.title() != null && p.detail() != null, p + " for " + r);
            return;
        } catch (RuntimeException | StackOverflowError e) {
            fail("threw " + e + " for " + r, e);
            return;
        }
        assertTrue(!accepted.isEmpty(), "accepted nothing: " + r);
        for (LoggedEvent event : accepted) assertNull(FuzzChecks.poison(event, FIELDS), "accepted " + event + " for " + r);
    }
}
