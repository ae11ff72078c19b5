package dev.reelrank.vectorindex.kafka;

import dev.reelrank.vectorindex.lucene.EmbeddedHnswIndex;
import java.util.HashMap;
import java.util.Map;

/**
 * Where the consumer remembers, per partition, the next offset to read, so a restart resumes
 * instead of replaying the topic. {@link #save} must make the index's applied writes durable no
 * later than the offsets, or a crash would skip records.
 */
public interface OffsetCheckpoint {
    /** Next offset to read per partition of {@code topic}; empty for a new index. */
    Map<Integer, Long> load(String topic);

    void save(String topic, Map<Integer, Long> nextOffsets);

    /**
     * Offsets in the Lucene commit's user data: the vectors and the offsets they reflect become
     * durable in the same atomic commit, beside the index files.
     */
    static OffsetCheckpoint inCommitOf(EmbeddedHnswIndex index) {
        return new OffsetCheckpoint() {
            @Override
            public Map<Integer, Long> load(String topic) {
                var out = new HashMap<Integer, Long>();
                String prefix = prefix(topic);
                index.committedUserData().forEach((k, v) -> {
                    if (k.startsWith(prefix)) out.put(Integer.parseInt(k.substring(prefix.length())), Long.parseLong(v));
                });
                return out;
            }

            @Override
            public void save(String topic, Map<Integer, Long> nextOffsets) {
                var data = new HashMap<>(index.committedUserData());
                nextOffsets.forEach((p, o) -> data.put(prefix(topic) + p, Long.toString(o)));
                index.commit(data);
            }

            private static String prefix(String topic) {
                return "kafka.offset." + topic + ".";
            }
        };
    }
}
