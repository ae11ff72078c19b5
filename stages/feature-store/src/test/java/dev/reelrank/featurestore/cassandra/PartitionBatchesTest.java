package dev.reelrank.featurestore.cassandra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PartitionBatchesTest {
    /** A row of partition {@code p}, numbered in input order. */
    record Row(String p, int n) {}

    @Test
    void everyBatchHoldsOnePartitionInInputOrderAndNoMoreThanTheLimit() {
        var rows = List.of(new Row("cat:music", 0), new Row("ch:c1", 1), new Row("cat:music", 2), new Row("cat:music", 3),
                new Row("ch:c2", 4), new Row("cat:music", 5), new Row("ch:c1", 6));
        var batches = PartitionBatches.group(rows, Row::p, 3);
        assertEquals(List.of(
                List.of(rows.get(0), rows.get(2), rows.get(3)),
                List.of(rows.get(5)),
                List.of(rows.get(1), rows.get(6)),
                List.of(rows.get(4))), batches);
    }

    @Test
    void aRandomMixIsCutIntoFullBatchesPerPartitionWithEveryRowOnce() {
        var rnd = new Random(7);
        var rows = new ArrayList<Row>();
        for (int i = 0; i < 5_000; i++) rows.add(new Row("p" + (int) Math.floor(Math.pow(rnd.nextDouble(), 3) * 40), i));
        int max = 50;
        var batches = PartitionBatches.group(rows, Row::p, max);
        var seen = new HashSet<Row>();
        var partitionsDone = new HashSet<String>();
        String current = null;
        for (List<Row> b : batches) {
            assertTrue(!b.isEmpty() && b.size() <= max, "batch of " + b.size());
            String p = b.getFirst().p();
            assertTrue(b.stream().allMatch(r -> r.p().equals(p)), "one partition per batch");
            for (int i = 1; i < b.size(); i++) assertTrue(b.get(i - 1).n() < b.get(i).n(), "input order within a partition");
            if (!p.equals(current)) {
                // A partition's batches are consecutive, and only its last one may be short.
                assertTrue(partitionsDone.add(p), p + " split across the list");
                current = p;
            }
            seen.addAll(b);
        }
        assertEquals(new HashSet<>(rows), seen);
        assertEquals(rows.size(), batches.stream().mapToInt(List::size).sum());
        long partitions = rows.stream().map(Row::p).distinct().count();
        long expected = rows.stream().collect(java.util.stream.Collectors.groupingBy(Row::p, java.util.stream.Collectors.counting()))
                .values().stream().mapToLong(n -> (n + max - 1) / max).sum();
        assertEquals(expected, batches.size(), "the fewest batches the limit allows (" + partitions + " partitions)");
    }

    @Test
    void aLimitBelowOneIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> PartitionBatches.group(List.of(new Row("a", 0)), Row::p, 0));
    }
}
