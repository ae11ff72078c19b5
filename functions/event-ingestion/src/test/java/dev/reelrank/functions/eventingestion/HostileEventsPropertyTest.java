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
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * The validation of {@code POST /v1/events} against 10,000 hostile requests per mode, in process
 * (no HTTP, no Kafka): every request is either accepted with nothing poisonous in it, or refused
 * with a 400, 413 or 415 problem; nothing else is thrown. jqwik hands each try a {@link Random}
 * derived from the fixed seed, so a failure replays exactly.
 */
class HostileEventsPropertyTest {
    static final String SEED = "20261206";
    static final FieldLimits FIELDS = ShippedConfig.fieldLimits();
    static final EventIngestion INGESTION = new EventIngestion(ShippedConfig.limits(), FIELDS);
    static final Set<Integer> CLIENT_ERRORS = Set.of(400, 413, 415);

    @Property(tries = 10_000, seed = SEED)
    void binary(@ForAll Random random) {
        check(HostileRequests.next(Mode.BINARY, random));
    }

    @Property(tries = 10_000, seed = SEED)
    void structured(@ForAll Random random) {
        check(HostileRequests.next(Mode.STRUCTURED, random));
    }

    @Property(tries = 10_000, seed = SEED)
    void batch(@ForAll Random random) {
        check(HostileRequests.next(Mode.BATCH, random));
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
