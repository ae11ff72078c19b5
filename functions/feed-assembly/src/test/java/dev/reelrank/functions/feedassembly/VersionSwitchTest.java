package dev.reelrank.functions.feedassembly;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reelrank.model.FeedRequest;
import dev.reelrank.model.RequestContext;
import java.util.ArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class VersionSwitchTest {
    private static FeedRequest request(String id) {
        return FeedRequest.home(id, "u1", 10, RequestContext.UNKNOWN);
    }

    @Test
    void aRequestKeepsTheVersionItPinnedAcrossASwitch() {
        var s = new VersionSwitch<>("v1");
        var inFlight = request("r1");
        try (var pin = s.pin(inFlight)) {
            assertEquals("v1", pin.value());
            assertEquals("v1", s.switchTo("v2"), "the switch returns the replaced version");
            assertEquals("v1", s.of(inFlight).orElseThrow(), "sources of the request in flight still see v1");
            assertTrue(s.inUse("v1"));
            assertEquals("v2", s.of(request("r2")).orElseThrow(), "a new request sees v2");
        }
        assertFalse(s.inUse("v1"), "released with the response");
        assertEquals("v2", s.of(inFlight).orElseThrow());
    }

    @Test
    void equalRequestsInFlightAtTheSameTimeDoNotShareAPin() {
        var s = new VersionSwitch<>("v1");
        var a = request("same");
        var b = request("same");
        assertEquals(a, b);
        try (var pa = s.pin(a)) {
            s.switchTo("v2");
            try (var pb = s.pin(b)) {
                assertEquals("v1", s.of(a).orElseThrow());
                assertEquals("v2", s.of(b).orElseThrow());
            }
            assertEquals("v1", s.of(a).orElseThrow(), "b's release leaves a's pin alone");
        }
    }

    @Test
    void nothingServedMeansNoVersion() {
        var s = new VersionSwitch<String>(null);
        try (var pin = s.pin(request("r"))) {
            assertEquals(null, pin.value());
            assertTrue(s.of(request("r")).isEmpty());
        }
    }

    /** Switches as fast as possible while requests read their version several times: never two versions in one request. */
    @Test
    void underConcurrentSwitchesEveryRequestSeesOneVersion() throws Exception {
        var s = new VersionSwitch<>("v0");
        var stop = new AtomicBoolean();
        var requests = new AtomicLong();
        var mixed = new AtomicLong();
        var switches = new AtomicLong();
        var started = new CountDownLatch(1);
        try (var pool = Executors.newFixedThreadPool(4)) {
            Future<?> switcher = pool.submit(() -> {
                started.countDown();
                for (int i = 1; !stop.get(); i++) {
                    s.switchTo("v" + i);
                    switches.incrementAndGet();
                }
            });
            started.await();
            var readers = new ArrayList<Future<?>>();
            for (int t = 0; t < 3; t++) {
                readers.add(pool.submit(() -> {
                    for (int i = 0; i < 20_000; i++) {
                        var r = request("r" + i);
                        try (var pin = s.pin(r)) {
                            String first = s.of(r).orElseThrow();
                            Thread.onSpinWait();
                            String second = s.of(r).orElseThrow();
                            if (!first.equals(pin.value()) || !second.equals(pin.value())) mixed.incrementAndGet();
                        }
                        requests.incrementAndGet();
                    }
                }));
            }
            for (var f : readers) f.get(60, TimeUnit.SECONDS);
            stop.set(true);
            switcher.get(10, TimeUnit.SECONDS);
        }
        assertEquals(60_000, requests.get());
        assertTrue(switches.get() > 100, "the switch really ran concurrently: " + switches.get());
        assertEquals(0, mixed.get());
    }
}
