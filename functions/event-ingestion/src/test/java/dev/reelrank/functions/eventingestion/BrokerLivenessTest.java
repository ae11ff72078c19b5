package dev.reelrank.functions.eventingestion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BrokerLivenessTest {
    private final BrokerLiveness liveness = new BrokerLiveness();

    @Test
    void startsUpSoNothingIsRefusedOnAGuess() {
        assertNull(liveness.downReason());
        assertFalse(liveness.watch().isDone());
    }

    @Test
    void goingDownAnswersTheRequestsAlreadyWaiting() {
        var waiting = liveness.watch();
        liveness.markDown("no answer");
        assertEquals("no answer", waiting.join());
        assertEquals("no answer", liveness.downReason());
    }

    @Test
    void aRequestArrivingWhileDownIsSignalledAtOnce() {
        liveness.markDown("no answer");
        assertTrue(liveness.watch().isDone());
    }

    @Test
    void upAgainAcceptsAndArmsFreshSignals() {
        liveness.markDown("no answer");
        liveness.markUp();
        assertNull(liveness.downReason());
        assertFalse(liveness.watch().isDone());
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
