package dev.reelrank.featurestore.cassandra;

import static dev.reelrank.featurestore.cassandra.Cql.idempotent;
import static dev.reelrank.featurestore.cassandra.Cql.requireId;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import dev.reelrank.model.Popularity.ScoredVideo;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Engagement-weighted popularity per scope in Cassandra's {@code video_popularity} (schema in
 * {@code db/cql/V001__feature_store.cql}): the durable twin of the Redis sorted sets, read when
 * Redis cannot answer. Statements are prepared once in the constructor; errors are not caught
 * here (see {@link CassandraFeatures}).
 */
public final class CassandraPopularity {
    private final CqlSession session;
    private final PreparedStatement addPopularity;
    private final PreparedStatement selectPopularity;

    public CassandraPopularity(CqlSession session) {
        this.session = Objects.requireNonNull(session, "session");
        addPopularity = session.prepare("UPDATE reelrank.video_popularity SET score_milli = score_milli + ? WHERE scope = ? AND video_id = ?");
        selectPopularity = session.prepare("SELECT video_id, score_milli FROM reelrank.video_popularity WHERE scope = ?");
    }

    /** @param scoreMilli engagement weight in thousandths (counters are integers) */
    public CompletionStage<Void> addPopularity(String scope, String videoId, long scoreMilli) {
        requireId(scope, "scope");
        requireId(videoId, "videoId");
        return session.executeAsync(addPopularity.bind(scoreMilli, scope, videoId)).thenApply(rs -> null);
    }

    /**
     * The {@code n} best videos of a scope. Reads the whole partition (paged) and keeps a heap of
     * n: this is the fallback for when the Redis sorted set is unavailable, not the hot path.
     */
    public CompletionStage<List<ScoredVideo>> topPopular(String scope, int n) {
        if (n <= 0) return CompletableFuture.completedFuture(List.of());
        var heap = new PriorityQueue<ScoredVideo>(n + 1, Comparator.comparingDouble(ScoredVideo::score));
        return session.executeAsync(idempotent(selectPopularity.bind(scope)))
                .thenCompose(rs -> drainTop(rs, heap, n))
                .thenApply(h -> {
                    var top = new ArrayList<>(h);
                    top.sort(Comparator.comparingDouble(ScoredVideo::score).reversed().thenComparing(ScoredVideo::videoId));
                    return List.copyOf(top);
                });
    }

    private static CompletionStage<PriorityQueue<ScoredVideo>> drainTop(AsyncResultSet rs, PriorityQueue<ScoredVideo> heap, int n) {
        for (Row row : rs.currentPage()) {
            heap.add(new ScoredVideo(row.getString("video_id"), row.getLong("score_milli") / 1000.0));
            if (heap.size() > n) heap.poll();
        }
        return rs.hasMorePages() ? rs.fetchNextPage().thenCompose(next -> drainTop(next, heap, n))
                : CompletableFuture.completedFuture(heap);
    }
}
