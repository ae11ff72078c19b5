package dev.reelrank.featurestore.cassandra;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import dev.reelrank.model.ActiveUsers;
import java.time.LocalDate;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.stream.StreamSupport;

/**
 * {@link ActiveUsers} in the {@code active_users} table (V003). A user's first mark of a day is
 * written; later marks of the same day are answered from a bounded memory of recent marks, so the
 * table costs about one write per active user per day rather than one per event.
 */
public final class CassandraActiveUsers implements ActiveUsers {
    /** Part of the storage layout (the CQL file explains the size): changing it strands rows already written. */
    public static final int PARTS = 256;

    private final CqlSession session;
    private final int pageSize;
    private final PreparedStatement insert;
    private final PreparedStatement select;
    private final Map<String, LocalDate> marked;

    /**
     * @param remembered how many users' last marked day are kept in memory to skip repeated writes (0 = none)
     * @param pageSize   rows per page when a day's part is read
     */
    public CassandraActiveUsers(CqlSession session, int remembered, int pageSize) {
        if (remembered < 0) throw new IllegalArgumentException("remembered must be >= 0");
        if (pageSize < 1) throw new IllegalArgumentException("pageSize must be >= 1");
        this.session = Objects.requireNonNull(session, "session");
        this.pageSize = pageSize;
        this.insert = session.prepare("INSERT INTO reelrank.active_users (day, part, user_id) VALUES (?, ?, ?)");
        this.select = session.prepare("SELECT user_id FROM reelrank.active_users WHERE day = ? AND part = ?");
        this.marked = Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, LocalDate> eldest) {
                return size() > remembered;
            }
        });
    }

    public static int partOf(String userId) {
        return Math.floorMod(userId.hashCode(), PARTS);
    }

    @Override
    public void markActive(String userId, LocalDate day) {
        if (userId.isBlank()) throw new IllegalArgumentException("userId must not be blank");
        if (day.equals(marked.get(userId))) return;
        session.execute(insert.bind(day, partOf(userId), userId).setIdempotent(true));
        marked.put(userId, day);
    }

    @Override
    public int parts() {
        return PARTS;
    }

    @Override
    public Iterable<String> users(LocalDate day, int part) {
        if (part < 0 || part >= PARTS) throw new IllegalArgumentException("part must be in [0, " + PARTS + ")");
        // The driver fetches the next page when iteration reaches the end of the current one.
        return () -> StreamSupport.stream(session.execute(select.bind(day, part).setPageSize(pageSize).setIdempotent(true)).spliterator(), false)
                .map((Row r) -> r.getString("user_id"))
                .iterator();
    }
}
