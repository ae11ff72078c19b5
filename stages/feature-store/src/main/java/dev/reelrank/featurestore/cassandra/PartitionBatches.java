package dev.reelrank.featurestore.cassandra;

import com.datastax.oss.driver.api.core.CqlIdentifier;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.BatchType;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.ColumnDefinition;
import com.datastax.oss.driver.api.core.cql.Statement;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.function.Function;

/**
 * Groups writes into batches that each touch one partition, for writers of many rows (the
 * catalogue back-fill). An unlogged batch of one partition is applied by its replica as one
 * mutation: one request and one commit-log entry instead of one per row, with no batch log and
 * no coordinator fan-out (which is what makes multi-partition batches slower than single writes).
 */
public final class PartitionBatches {
    private PartitionBatches() {}

    /**
     * Rows grouped by {@code partition}: partitions in the order first seen, each partition's rows
     * in input order, cut into batches of at most {@code maxRows} (Cassandra warns about, and at
     * ten times the size refuses, large batches: keep a batch a few KB).
     */
    public static <R, K> List<List<R>> group(List<R> rows, Function<? super R, K> partition, int maxRows) {
        if (maxRows < 1) throw new IllegalArgumentException("maxRows must be >= 1, was " + maxRows);
        var byPartition = new LinkedHashMap<K, List<R>>();
        for (R r : rows) byPartition.computeIfAbsent(partition.apply(r), k -> new ArrayList<>()).add(r);
        var batches = new ArrayList<List<R>>();
        for (List<R> same : byPartition.values()) {
            for (int i = 0; i < same.size(); i += maxRows) batches.add(List.copyOf(same.subList(i, Math.min(same.size(), i + maxRows))));
        }
        return batches;
    }

    /**
     * Bound statements as unlogged batches of one partition each (same table, same partition key
     * as the driver routes it); a partition's lone statement is sent as it is.
     */
    public static List<Statement<?>> unloggedBatches(List<BoundStatement> statements, int maxRows) {
        var out = new ArrayList<Statement<?>>();
        for (List<BoundStatement> batch : group(statements, PartitionBatches::partitionOf, maxRows)) {
            out.add(batch.size() == 1 ? batch.getFirst()
                    : BatchStatement.newInstance(BatchType.UNLOGGED).addAll(batch).setIdempotent(true));
        }
        return out;
    }

    /** Table and partition key of a bound write. */
    record Partition(CqlIdentifier keyspace, CqlIdentifier table, ByteBuffer key) {}

    static Partition partitionOf(BoundStatement s) {
        ColumnDefinition first = s.getPreparedStatement().getVariableDefinitions().get(0);
        ByteBuffer key = s.getRoutingKey();
        if (key == null) throw new IllegalArgumentException("statement has no partition key bound: " + s.getPreparedStatement().getQuery());
        return new Partition(first.getKeyspace(), first.getTable(), key);
    }
}
