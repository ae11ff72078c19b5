package dev.reelrank.featurestore.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reelrank.featurestore.Await;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RedisBreakerTest {
    private final AtomicLong now = new AtomicLong(5_000);
    private final AtomicInteger sent = new AtomicInteger();
    private final RedisBreaker breaker = new RedisBreaker(3, Duration.ofSeconds(1), now::get);

    private CompletableFuture<String> fail() {
        return breaker.call(() -> {
            sent.incrementAndGet();
            return CompletableFuture.failedFuture(new TimeoutException());
        });
    }

    private CompletableFuture<String> succeed() {
        return breaker.call(() -> {
            sent.incrementAndGet();
            return CompletableFuture.completedFuture("ok");
        });
    }

    private static Throwable cause(CompletableFuture<?> f) {
        return f.handle((v, e) -> Await.unwrap(e)).join();
    }

    @Test
    void opensAfterFailuresInARowAndRefusesWithoutCalling() {
        fail();
        fail();
        assertFalse(breaker.isOpen());
        assertInstanceOf(TimeoutException.class, cause(fail()));
        assertTrue(breaker.isOpen());

        assertInstanceOf(RedisBreaker.Open.class, cause(succeed()));
        assertEquals(3, sent.get(), "Redis was not asked while open");
    }

    @Test
    void aSuccessBetweenFailuresKeepsItClosed() {
        fail();
        fail();
        succeed();
        fail();
        fail();
        assertFalse(breaker.isOpen());
        assertEquals("ok", succeed().join());
    }

    @Test
    void letsCallsThroughAfterTheOpenTimeAndASuccessClosesIt() {
        fail();
        fail();
        fail();
        now.addAndGet(Duration.ofMillis(999).toNanos());
        assertInstanceOf(RedisBreaker.Open.class, cause(succeed()));
        now.addAndGet(Duration.ofMillis(1).toNanos());
        assertEquals("ok", succeed().join());
        assertFalse(breaker.isOpen());

        // Still failing after the open time: as many failures again reopen it.
        fail();
        fail();
        fail();
        assertTrue(breaker.isOpen());
    }

    @Test
    void offNeverOpens() {
        var off = RedisBreaker.off();
        for (int i = 0; i < 100; i++) off.call(() -> CompletableFuture.failedFuture(new TimeoutException()));
        assertFalse(off.isOpen());
        assertEquals("ok", off.call(() -> CompletableFuture.completedFuture("ok")).join());
    }
}
