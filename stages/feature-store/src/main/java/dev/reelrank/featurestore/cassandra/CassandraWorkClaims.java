package dev.reelrank.featurestore.cassandra;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.ResultSet;
import com.datastax.oss.driver.api.core.cql.Row;
import dev.reelrank.model.WorkClaims;
import java.time.Duration;
import java.util.Objects;

/**
 * {@link WorkClaims} in the {@code work_claims} table (V004). A claim is an
 * {@code INSERT … IF NOT EXISTS} with the lease as TTL, so exactly one replica wins a free unit
 * (Paxos, serial consistency) and an abandoned claim expires without anyone cleaning it up.
 * Completion is a plain write that outlives the lease.
 */
public final class CassandraWorkClaims implements WorkClaims {
    private final CqlSession session;
    private final PreparedStatement claim;
    private final PreparedStatement complete;

    public CassandraWorkClaims(CqlSession session) {
        this.session = Objects.requireNonNull(session, "session");
        this.claim = session.prepare("INSERT INTO reelrank.work_claims (job, unit, owner) VALUES (?, ?, ?) IF NOT EXISTS USING TTL ?");
        this.complete = session.prepare("UPDATE reelrank.work_claims USING TTL ? SET completed = true, owner = ? WHERE job = ? AND unit = ?");
    }

    @Override
    public Claim claim(String job, int unit, String owner, Duration lease) {
        ResultSet rs = session.execute(claim.bind(job, unit, owner, seconds(lease, "lease")));
        if (rs.wasApplied()) return Claim.TAKEN;
        Row existing = rs.one();
        if (existing != null && existing.getBoolean("completed")) return Claim.COMPLETED;
        // Ours already (a retry after a timeout whose write did land): still ours to do.
        if (existing != null && owner.equals(existing.getString("owner"))) return Claim.TAKEN;
        return Claim.HELD;
    }

    @Override
    public void complete(String job, int unit, String owner, Duration retention) {
        session.execute(complete.bind(seconds(retention, "retention"), owner, job, unit).setIdempotent(true));
    }

    private static int seconds(Duration d, String what) {
        long s = d.toSeconds();
        if (s < 1 || s > 630_720_000L) throw new IllegalArgumentException(what + " must be between 1 s and 20 years, was " + d);
        return (int) s;
    }
}
