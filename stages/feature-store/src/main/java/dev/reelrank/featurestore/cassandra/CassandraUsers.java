package dev.reelrank.featurestore.cassandra;

import static dev.reelrank.featurestore.cassandra.Cql.idempotent;
import static dev.reelrank.featurestore.cassandra.Cql.requireId;
import static dev.reelrank.featurestore.cassandra.Cql.toInstant;
import static dev.reelrank.featurestore.cassandra.Cql.toTimestamp;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.DefaultBatchType;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Timestamp;
import dev.reelrank.proto.v1.Action;
import dev.reelrank.proto.v1.HistoryEntry;
import dev.reelrank.proto.v1.UserFeatures;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Users in Cassandra: their online features in {@code user_features} and their interactions in
 * {@code user_history} (schema in {@code db/cql/V001__feature_store.cql}). Statements are prepared
 * once in the constructor; errors are not caught here (see {@link CassandraFeatures}).
 */
public final class CassandraUsers {
    /** History rows (~60–100 bytes each) per unlogged batch: under Cassandra's 5 KiB batch warning. */
    static final int HISTORY_ROWS_PER_BATCH = 40;

    private final CqlSession session;
    private final PreparedStatement selectUser;
    private final PreparedStatement insertUser;
    private final PreparedStatement selectStampedUser;
    private final PreparedStatement insertUserAt;
    private final PreparedStatement insertHistory;
    private final PreparedStatement selectHistory;

    public CassandraUsers(CqlSession session) {
        this.session = Objects.requireNonNull(session, "session");
        selectUser = session.prepare("SELECT features FROM reelrank.user_features WHERE user_id = ?");
        insertUser = session.prepare("INSERT INTO reelrank.user_features (user_id, features, updated_at) VALUES (?, ?, ?)");
        selectStampedUser = session.prepare("SELECT features, WRITETIME(features) AS written FROM reelrank.user_features WHERE user_id = ?");
        insertUserAt = session.prepare("INSERT INTO reelrank.user_features (user_id, features, updated_at) VALUES (?, ?, ?) USING TIMESTAMP ?");
        insertHistory = session.prepare("INSERT INTO reelrank.user_history (user_id, occurred_at, video_id, action, watch_seconds,"
                + " channel_id) VALUES (?, ?, ?, ?, ?, ?)");
        selectHistory = session.prepare("SELECT occurred_at, video_id, action, watch_seconds, channel_id FROM reelrank.user_history"
                + " WHERE user_id = ? LIMIT ?");
    }

    // ---- features -------------------------------------------------------------------------

    public CompletionStage<Optional<UserFeatures>> user(String userId) {
        return session.executeAsync(idempotent(selectUser.bind(userId))).thenApply(rs -> {
            Row row = rs.one();
            ByteBuffer bytes = row == null ? null : row.getByteBuffer("features");
            if (bytes == null) return Optional.empty();
            try {
                return Optional.of(UserFeatures.parseFrom(bytes));
            } catch (InvalidProtocolBufferException e) {
                // A durable row we cannot read is a real fault (not a cache miss): surface it.
                throw new IllegalStateException("user_features of " + userId + " is not a UserFeatures message", e);
            }
        });
    }

    /** Stored features and the write time of the row (microseconds, Cassandra's own timestamp). */
    public record StampedUser(UserFeatures features, long writtenMicros) {}

    public CompletionStage<Optional<StampedUser>> stampedUser(String userId) {
        return session.executeAsync(idempotent(selectStampedUser.bind(userId))).thenApply(rs -> {
            Row row = rs.one();
            ByteBuffer bytes = row == null ? null : row.getByteBuffer("features");
            if (bytes == null) return Optional.empty();
            try {
                return Optional.of(new StampedUser(UserFeatures.parseFrom(bytes), row.getLong("written")));
            } catch (InvalidProtocolBufferException e) {
                throw new IllegalStateException("user_features of " + userId + " is not a UserFeatures message", e);
            }
        });
    }

    /**
     * Writes with an explicit timestamp instead of the driver's clock: Cassandra keeps the write
     * with the highest timestamp whatever order writes arrive in, which {@link CassandraUserRewriter}
     * uses to lose against every write made after its read.
     */
    public CompletionStage<Void> putUserAt(UserFeatures user, long timestampMicros) {
        requireId(user.getUserId(), "userId");
        BoundStatement s = insertUserAt.bind(user.getUserId(), ByteBuffer.wrap(user.toByteArray()), Instant.now(), timestampMicros);
        return session.executeAsync(idempotent(s)).thenApply(rs -> null);
    }

    public CompletionStage<Void> putUser(UserFeatures user) {
        return putUser(user.getUserId(), user.toByteArray());
    }

    /** As {@link #putUser(UserFeatures)}, with the features already serialized (written to two tiers, serialized once). */
    public CompletionStage<Void> putUser(String userId, byte[] serializedFeatures) {
        requireId(userId, "userId");
        BoundStatement s = insertUser.bind(userId, ByteBuffer.wrap(serializedFeatures), Instant.now());
        return session.executeAsync(idempotent(s)).thenApply(rs -> null);
    }

    // ---- history --------------------------------------------------------------------------

    /**
     * Keyed by the event's time and video, so a replayed event (at-least-once delivery)
     * overwrites its own row instead of adding a duplicate.
     */
    public CompletionStage<Void> appendHistory(String userId, HistoryEntry e) {
        requireId(userId, "userId");
        return session.executeAsync(idempotent(historyRow(userId, e))).thenApply(rs -> null);
    }

    /**
     * Several entries of one user in one round trip: an unlogged batch is the right tool here
     * because every row lands in the same partition ({@code user_id}), so the coordinator applies
     * it as a single mutation instead of fanning out.
     */
    public CompletionStage<Void> appendHistory(String userId, List<HistoryEntry> entries) {
        requireId(userId, "userId");
        if (entries.isEmpty()) return CompletableFuture.completedFuture(null);
        if (entries.size() == 1) return appendHistory(userId, entries.get(0));
        // Cassandra refuses a batch over batch_size_fail_threshold (50 KiB by default) and warns
        // past 5 KiB: a busy user's batch goes in chunks of rows well under both.
        var chunks = new ArrayList<CompletableFuture<Void>>();
        for (int from = 0; from < entries.size(); from += HISTORY_ROWS_PER_BATCH) {
            var batch = BatchStatement.builder(DefaultBatchType.UNLOGGED);
            for (HistoryEntry e : entries.subList(from, Math.min(entries.size(), from + HISTORY_ROWS_PER_BATCH))) {
                batch.addStatement(historyRow(userId, e));
            }
            chunks.add(session.executeAsync(batch.build().setIdempotent(true)).thenApply(rs -> (Void) null).toCompletableFuture());
        }
        return CompletableFuture.allOf(chunks.toArray(CompletableFuture[]::new));
    }

    private BoundStatement historyRow(String userId, HistoryEntry e) {
        requireId(e.getVideoId(), "videoId");
        Instant at = e.hasAt() && !e.getAt().equals(Timestamp.getDefaultInstance()) ? toInstant(e.getAt()) : Instant.now();
        return insertHistory.bind(userId, at, e.getVideoId(), e.getAction().name(), e.getWatchSeconds(), e.getChannelId());
    }

    /** Newest first. Category and watch ratio are not stored per row; they live in UserFeatures.recent. */
    public CompletionStage<List<HistoryEntry>> history(String userId, int limit) {
        return session.executeAsync(idempotent(selectHistory.bind(userId, limit))).thenApply(rs -> {
            var out = new ArrayList<HistoryEntry>();
            for (Row row : rs.currentPage()) {
                var b = HistoryEntry.newBuilder().setVideoId(row.getString("video_id"))
                        .setWatchSeconds(row.getDouble("watch_seconds"))
                        .setAction(actionOf(row.getString("action")));
                if (row.getString("channel_id") != null) b.setChannelId(row.getString("channel_id"));
                Instant at = row.getInstant("occurred_at");
                if (at != null) b.setAt(toTimestamp(at));
                out.add(b.build());
            }
            return List.copyOf(out);
        });
    }

    private static Action actionOf(String name) {
        try {
            return name == null ? Action.action_unspecified : Action.valueOf(name);
        } catch (IllegalArgumentException e) {
            return Action.action_unspecified;
        }
    }
}
