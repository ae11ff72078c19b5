package dev.reelrank.eventlog.rollouts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.awaitility.Awaitility.await;

import dev.reelrank.model.FeedRequest;
import dev.reelrank.model.RequestContext;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
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

    private static ModelRollout rollout(String version) {
        return new ModelRollout(ModelRollout.TWO_TOWER, version, null, 0, Instant.EPOCH, "publish");
    }

    /** Values are version names; "bad" cannot be prepared. Records what is retired and when. */
    private static final class Strings implements VersionSwitch.Versions<String> {
        final VersionSwitch.Retirement retirement;
        final List<String> prepared = new CopyOnWriteArrayList<>();
        final List<String> retired = new CopyOnWriteArrayList<>();
        final List<String> failed = new CopyOnWriteArrayList<>();
        final List<String> switched = new CopyOnWriteArrayList<>();

        Strings(VersionSwitch.Retirement retirement) {
            this.retirement = retirement;
        }

        @Override
        public String versionOf(String value) {
            return value;
        }

        @Override
        public String prepare(String version) {
            prepared.add(version);
            if (version.equals("bad")) throw new IllegalStateException("no such model");
            return version;
        }

        @Override
        public void retire(String old) {
            retired.add(old);
        }

        @Override
        public VersionSwitch.Retirement retirement() {
            return retirement;
        }

        @Override
        public void switched(ModelRollout rollout, String old, String next, Duration took) {
            switched.add(old + "->" + next);
        }

        @Override
        public void failed(ModelRollout rollout, String current, Exception e) {
            failed.add(rollout.version() + " kept " + current);
        }
    }

    @Test
    void aRolloutPreparesSwitchesAndRetiresTheOldVersion() {
        var s = new VersionSwitch<>("v1");
        var versions = new Strings(VersionSwitch.Retirement.whenUnpinned(Duration.ofSeconds(30)));
        assertTrue(s.apply(rollout("v2"), versions));
        assertEquals("v2", s.current().orElseThrow());
        assertEquals(List.of("v1->v2"), versions.switched);
        await().atMost(Duration.ofSeconds(5)).until(() -> versions.retired.equals(List.of("v1")));
    }

    @Test
    void theServedVersionIsNotPreparedAgain() {
        var s = new VersionSwitch<>("v1");
        var versions = new Strings(VersionSwitch.Retirement.after(Duration.ZERO));
        assertFalse(s.apply(rollout("v1"), versions));
        assertTrue(versions.prepared.isEmpty());
        assertEquals("v1", s.current().orElseThrow());
    }

    @Test
    void aFailedPreparationKeepsTheCurrentVersion() throws Exception {
        var s = new VersionSwitch<>("v1");
        var versions = new Strings(VersionSwitch.Retirement.after(Duration.ZERO));
        assertFalse(s.apply(rollout("bad"), versions));
        assertEquals("v1", s.current().orElseThrow());
        assertEquals(List.of("bad kept v1"), versions.failed);
        Thread.sleep(100);
        assertTrue(versions.retired.isEmpty(), "nothing was replaced, nothing retires");
    }

    @Test
    void aFirstRolloutServesWithNothingToRetire() {
        var s = new VersionSwitch<String>(null);
        var versions = new Strings(VersionSwitch.Retirement.after(Duration.ZERO));
        assertTrue(s.apply(rollout("v1"), versions));
        assertEquals("v1", s.current().orElseThrow());
        assertEquals(List.of("null->v1"), versions.switched);
    }

    @Test
    void aPinnedVersionRetiresWhenReleased() throws Exception {
        var s = new VersionSwitch<>("v1");
        var versions = new Strings(VersionSwitch.Retirement.whenUnpinned(Duration.ofSeconds(30)));
        var inFlight = request("r1");
        try (var pin = s.pin(inFlight)) {
            s.apply(rollout("v2"), versions);
            Thread.sleep(200);
            assertTrue(versions.retired.isEmpty(), "a request in flight still uses v1");
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> versions.retired.equals(List.of("v1")));
    }

    @Test
    void anUnpinnedValueRetiresOnlyAfterTheGracePeriod() throws Exception {
        var s = new VersionSwitch<>("v1");
        var versions = new Strings(VersionSwitch.Retirement.after(Duration.ofMillis(400)));
        long start = System.nanoTime();
        s.apply(rollout("v2"), versions);
        await().atMost(Duration.ofSeconds(5)).until(() -> versions.retired.equals(List.of("v1")));
        assertTrue(System.nanoTime() - start >= Duration.ofMillis(400).toNanos(), "retired before its grace period");
    }

    @Test
    void aPinnedValueRetiresAtTheLatestAfterTheGracePeriod() throws Exception {
        var s = new VersionSwitch<>("v1");
        var versions = new Strings(VersionSwitch.Retirement.whenUnpinned(Duration.ofMillis(200)));
        try (var pin = s.pin(request("stuck"))) {
            s.apply(rollout("v2"), versions);
            await().atMost(Duration.ofSeconds(5)).until(() -> versions.retired.equals(List.of("v1")));
        }
    }
}
