package dev.reelrank.featurestore.tiered;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.reelrank.model.Popularity.ScoredVideo;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntFunction;

/**
 * The popularity and trending lists the tiered readers fall back to while Redis fails, kept for
 * {@code maxAge}:
 * <ul>
 *   <li>the list Redis last answered for a key, served as it was when Redis fails: a list that
 *       was right a few seconds ago is a better answer than none, and costs nothing;</li>
 *   <li>Cassandra's top of a scope, computed once per {@code maxAge} and shared by the calls that
 *       ask for it at the same time. Cassandra has no order by score, so that top is a read of the
 *       whole {@code video_popularity} partition; read on every feed while Redis was down it was
 *       the largest load on Cassandra (2,000-row partitions at 30 feeds/s on the demo world: feeds
 *       waited up to 1.8 s for their user read behind it), and at a million videos one read is
 *       a million rows.</li>
 * </ul>
 * A zero {@code maxAge} keeps nothing: every fallback reads Cassandra.
 */
final class TopListMemo {
    private record Entry(List<ScoredVideo> top, int n, long atNanos) {
        /** Whether this list answers a call for {@code wanted}: asked for as many, or the whole set was shorter. */
        boolean covers(int wanted) {
            return n >= wanted || top.size() < n;
        }

        List<ScoredVideo> first(int wanted) {
            return top.size() <= wanted ? top : List.copyOf(top.subList(0, wanted));
        }
    }

    private record Read(int n, CompletableFuture<List<ScoredVideo>> result) {}

    private final long maxAgeNanos;
    private final Ticker ticker;
    private final ConcurrentHashMap<String, Entry> answered = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Entry> durable = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Read> reading = new ConcurrentHashMap<>();

    TopListMemo(Duration maxAge, Ticker ticker) {
        Objects.requireNonNull(maxAge, "maxAge");
        if (maxAge.isNegative()) throw new IllegalArgumentException("maxAge must be >= 0");
        this.maxAgeNanos = maxAge.toNanos();
        this.ticker = Objects.requireNonNull(ticker, "ticker");
    }

    /** Remembers what Redis answered for {@code key} (asked for {@code n}); an empty answer is not kept. */
    void answered(String key, int n, List<ScoredVideo> top) {
        if (maxAgeNanos > 0 && top != null && !top.isEmpty()) answered.put(key, new Entry(top, n, ticker.read()));
    }

    /** What Redis last answered for the first of {@code keys} that has a recent and long enough answer; else null. */
    List<ScoredVideo> lastAnswered(int n, String... keys) {
        for (String key : keys) {
            Entry e = answered.get(key);
            if (fresh(e) && e.covers(n)) return e.first(n);
        }
        return null;
    }

    /**
     * Cassandra's top {@code n} of {@code scope}: the one read less than maxAge ago if it was long
     * enough, else the one being read for at least {@code n}, else a new read by {@code read}.
     */
    CompletionStage<List<ScoredVideo>> durable(String scope, int n, IntFunction<CompletionStage<List<ScoredVideo>>> read) {
        if (maxAgeNanos == 0) return read.apply(n);
        Entry kept = durable.get(scope);
        if (fresh(kept) && kept.covers(n)) return CompletableFuture.completedFuture(kept.first(n));
        var mine = new Read(n, new CompletableFuture<>());
        Read current = reading.compute(scope, (k, r) -> r != null && r.n() >= n ? r : mine);
        if (current != mine) return current.result().thenApply(top -> top.size() <= n ? top : List.copyOf(top.subList(0, n)));
        long started = ticker.read();
        CompletionStage<List<ScoredVideo>> call;
        try {
            call = read.apply(n);
        } catch (RuntimeException failed) {
            call = CompletableFuture.failedFuture(failed);
        }
        call.whenComplete((top, error) -> {
            reading.remove(scope, mine);
            if (error == null) {
                durable.merge(scope, new Entry(top, n, started), (old, now) -> fresh(old) && old.n() > now.n() ? old : now);
                mine.result().complete(top);
            } else {
                mine.result().completeExceptionally(error);
            }
        });
        return mine.result();
    }

    private boolean fresh(Entry e) {
        return e != null && ticker.read() - e.atNanos() < maxAgeNanos;
    }
}
