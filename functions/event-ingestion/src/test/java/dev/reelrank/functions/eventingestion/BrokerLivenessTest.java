package dev.reelrank.functions.eventingestion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BrokerLivenessTest {
    private final BrokerLiveness liveness = new BrokerLiveness(2);

    @Test
    void startsUpSoNothingIsRefusedOnAGuess() {
        assertNull(liveness.downReason());
        assertFalse(liveness.watch().isDone());
    }

    @Test
    void oneFailedProbeAloneRefusesNothing() {
        var waiting = liveness.watch();
        assertFalse(liveness.probeFailed("no answer"));
        assertNull(liveness.downReason());
        assertFalse(waiting.isDone());
        assertFalse(liveness.watch().isDone());
    }

    @Test
    void theSecondFailureInARowGoesDownAndAnswersTheRequestsAlreadyWaiting() {
        var waiting = liveness.watch();
        liveness.probeFailed("no answer");
        assertTrue(liveness.probeFailed("no answer again"));
        assertEquals("no answer again", waiting.join());
        assertEquals("no answer again", liveness.downReason());
        assertFalse(liveness.probeFailed("still none"), "already down: not turned down again");
        assertEquals("still none", liveness.downReason());
    }

    @Test
    void anAnswerBetweenTwoFailuresResetsTheCount() {
        liveness.probeFailed("no answer");
        liveness.probeAnswered();
        assertFalse(liveness.probeFailed("no answer"));
        assertNull(liveness.downReason());
    }

    @Test
    void aRequestArrivingWhileDownIsSignalledAtOnce() {
        liveness.probeFailed("no answer");
        liveness.probeFailed("no answer");
        assertTrue(liveness.watch().isDone());
    }

    @Test
    void theFirstAnswerAcceptsAgainAndArmsFreshSignals() {
        liveness.probeFailed("no answer");
        liveness.probeFailed("no answer");
        liveness.probeAnswered();
        assertNull(liveness.downReason());
        assertFalse(liveness.watch().isDone());
        assertFalse(liveness.probeFailed("no answer"), "counting starts again from zero");
    }

    @Test
    void oneFailureSufficesWhenSoConfiguredAndZeroIsRejected() {
        var strict = new BrokerLiveness(1);
        assertTrue(strict.probeFailed("no answer"));
        assertEquals("no answer", strict.downReason());
        assertThrows(IllegalArgumentException.class, () -> new BrokerLiveness(0));
    }

    @Test
    void answeredRequestsAreForgottenSoNothingPilesUpWhileHealthy() {
        var a = liveness.watch();
        var b = liveness.watch();
        liveness.unwatch(a);
        liveness.unwatch(b);
        assertEquals(0, liveness.waitingCount());
    }
}
