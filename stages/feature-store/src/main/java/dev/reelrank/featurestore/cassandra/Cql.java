package dev.reelrank.featurestore.cassandra;

import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.google.protobuf.Timestamp;
import java.time.Instant;

/** What the Cassandra table classes share: argument checks, idempotent statements, time conversions. */
final class Cql {
    private Cql() {}

    static BoundStatement idempotent(BoundStatement s) {
        return s.setIdempotent(true);
    }

    static void requireId(String id, String what) {
        if (id == null || id.isBlank()) throw new IllegalArgumentException(what + " is required");
    }

    static Instant toInstant(Timestamp t) {
        return Instant.ofEpochSecond(t.getSeconds(), t.getNanos());
    }

    static Timestamp toTimestamp(Instant i) {
        return Timestamp.newBuilder().setSeconds(i.getEpochSecond()).setNanos(i.getNano()).build();
    }
}
