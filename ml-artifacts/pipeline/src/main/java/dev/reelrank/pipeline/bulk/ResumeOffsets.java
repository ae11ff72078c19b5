package dev.reelrank.pipeline.bulk;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Where an index that the bulk load filled directly resumes reading {@code video-embeddings}.
 *
 * <p>The index holds the topic up to {@code start} (it caught up before the load published
 * anything) plus every record the load published. Per partition, the records from {@code start}
 * on that are the load's own, without a gap, need not be read again: the index resumes after the
 * last of them. The first offset that is not the load's (another writer, embedding-refresh say,
 * published meanwhile) is where it resumes instead; the load's records after it are then read
 * again, which is harmless (an upsert by video id).
 */
final class ResumeOffsets {
    private final Map<Integer, Long> next;
    private final Set<Integer> interleaved = new HashSet<>();

    /** @param start per partition, the next offset the index had read when the load began publishing */
    ResumeOffsets(Map<Integer, Long> start) {
        this.next = new HashMap<>(start);
    }

    /** One record of the load's, acknowledged at {@code offset}; per partition in offset order. */
    void published(int partition, long offset) {
        Long expected = next.get(partition);
        if (expected == null) throw new IllegalStateException("partition " + partition + " has no start offset (the topic grew partitions?)");
        if (interleaved.contains(partition)) return;
        if (offset == expected) next.put(partition, offset + 1);
        else if (offset > expected) interleaved.add(partition);
        else throw new IllegalStateException("offset " + offset + " of partition " + partition + " is before the load's start " + expected);
    }

    /** Next offset to read per partition, every partition of the start included. */
    Map<Integer, Long> resume() {
        return Map.copyOf(next);
    }

    /** Partitions where another writer's record came between the load's: they are read again from there. */
    Set<Integer> interleaved() {
        return Set.copyOf(interleaved);
    }
}
