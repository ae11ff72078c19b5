package dev.reelrank.featurestore.cassandra;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import dev.reelrank.model.RetrievalSignals.FreshScope;
import dev.reelrank.model.RetrievalSignals.Upload;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletionStage;

/**
 * The durable side of the retrieval signals: {@code channel_uploads} and {@code fresh_uploads}
 * (schema in {@code db/cql/V002__retrieval.cql}). Trending has no durable twin: its counts are
 * windowed (Cassandra counters cannot expire), and while Redis is down the reader serves the
 * region's all-time popularity instead.
 */
public final class CassandraSignals {
    private final CqlSession session;
    private final PreparedStatement insertChannelUpload;
    private final PreparedStatement selectChannelUploads;
    private final PreparedStatement insertFresh;
    private final PreparedStatement selectFresh;

    CassandraSignals(CqlSession session) {
        this.session = Objects.requireNonNull(session, "session");
        insertChannelUpload = session.prepare("INSERT INTO reelrank.channel_uploads (channel_id, published_at, video_id) VALUES (?, ?, ?)");
        selectChannelUploads = session.prepare("SELECT published_at, video_id FROM reelrank.channel_uploads WHERE channel_id = ? LIMIT ?");
        insertFresh = session.prepare("INSERT INTO reelrank.fresh_uploads (scope, published_at, video_id, channel_id) VALUES (?, ?, ?, ?)");
        selectFresh = session.prepare("SELECT published_at, video_id, channel_id FROM reelrank.fresh_uploads WHERE scope = ? LIMIT ?");
    }

    /** The partition key of a fresh list: {@code cat:music}, {@code lang:en}, {@code region:BR}. */
    static String freshScope(FreshScope scope, String value) {
        return switch (scope) {
            case CATEGORY -> "cat:" + value;
            case LANGUAGE -> "lang:" + value;
            case REGION -> "region:" + value;
        };
    }

    /** Keyed by publish time and video: a replayed or re-published event overwrites its own row. */
    public CompletionStage<Void> addChannelUpload(String channelId, Instant publishedAt, String videoId) {
        return session.executeAsync(channelUploadStatement(channelId, publishedAt, videoId)).thenApply(rs -> null);
    }

    public CompletionStage<Void> addFresh(FreshScope scope, String value, Instant publishedAt, String videoId, String channelId) {
        return session.executeAsync(freshStatement(scope, value, publishedAt, videoId, channelId)).thenApply(rs -> null);
    }

    /** The {@code channel_uploads} row {@link #addChannelUpload} writes, for writers that batch rows per partition. */
    public BoundStatement channelUploadStatement(String channelId, Instant publishedAt, String videoId) {
        return insertChannelUpload.bind(channelId, publishedAt, videoId).setIdempotent(true);
    }

    /** The {@code fresh_uploads} row {@link #addFresh} writes, for writers that batch rows per partition. */
    public BoundStatement freshStatement(FreshScope scope, String value, Instant publishedAt, String videoId, String channelId) {
        return insertFresh.bind(freshScope(scope, value), publishedAt, videoId, channelId).setIdempotent(true);
    }

    public CompletionStage<List<Upload>> channelUploads(String channelId, int n) {
        return session.executeAsync(selectChannelUploads.bind(channelId, n).setIdempotent(true)).thenApply(rs -> {
            var out = new ArrayList<Upload>();
            for (Row row : rs.currentPage()) out.add(new Upload(row.getString("video_id"), channelId, row.getInstant("published_at")));
            return List.copyOf(out);
        });
    }

    public CompletionStage<List<Upload>> fresh(FreshScope scope, String value, int n) {
        return session.executeAsync(selectFresh.bind(freshScope(scope, value), n).setIdempotent(true)).thenApply(rs -> {
            var out = new ArrayList<Upload>();
            for (Row row : rs.currentPage()) {
                String channel = row.getString("channel_id");
                out.add(new Upload(row.getString("video_id"), channel == null || channel.isEmpty() ? null : channel, row.getInstant("published_at")));
            }
            return List.copyOf(out);
        });
    }
}
