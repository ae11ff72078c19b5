package dev.reelrank.functions.feedassembly;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.ConnectivityState;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RankingReconnectTest {
    /** A channel whose state the test sets, counting the backoff resets it is asked for. */
    static final class FakeChannel extends ManagedChannel {
        ConnectivityState state = ConnectivityState.READY;
        int resets;

        @Override public ConnectivityState getState(boolean requestConnection) { return state; }
        @Override public void resetConnectBackoff() { resets++; }
        @Override public ManagedChannel shutdown() { return this; }
        @Override public boolean isShutdown() { return false; }
        @Override public boolean isTerminated() { return false; }
        @Override public ManagedChannel shutdownNow() { return this; }
        @Override public boolean awaitTermination(long timeout, TimeUnit unit) { return true; }
        @Override public <Q, A> ClientCall<Q, A> newCall(MethodDescriptor<Q, A> method, CallOptions options) {
            throw new UnsupportedOperationException();
        }
        @Override public String authority() { return "fake"; }
    }

    @Test
    void aChannelWaitingToReconnectIsToldToTryNow() {
        var channel = new FakeChannel();
        channel.state = ConnectivityState.TRANSIENT_FAILURE;
        assertTrue(RankingReconnect.tick(channel));
        assertEquals(1, channel.resets);
    }

    @Test
    void aWorkingOrIdleChannelIsLeftAlone() {
        var channel = new FakeChannel();
        for (var state : new ConnectivityState[] {ConnectivityState.READY, ConnectivityState.IDLE, ConnectivityState.CONNECTING}) {
            channel.state = state;
            assertFalse(RankingReconnect.tick(channel));
        }
        assertEquals(0, channel.resets);
    }
}
