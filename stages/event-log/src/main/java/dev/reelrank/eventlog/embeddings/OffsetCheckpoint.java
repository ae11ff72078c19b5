package dev.reelrank.eventlog.embeddings;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Where the consumer remembers, per partition, the next offset to read, so a restart resumes
 * instead of replaying the topic. {@link #save} must make the index's applied writes durable no
 * later than the offsets, or a crash would skip records.
 */
public interface OffsetCheckpoint {
    /** Next offset per partition of {@code topic}; empty for a new index. */
    Map<Integer, Long> load(String topic);

    void save(String topic, Map<Integer, Long> nextOffsets);

    /**
     * Offsets in the user data of the index's own commit (for the embedded index, the Lucene
     * commit: {@code index::committedUserData, index::commit}): the vectors and the offsets they
     * reflect become durable in the same atomic commit, beside the index files.
     *
     * @param committed the user data of the last commit (other keys are kept as they are)
     * @param commit    makes every write so far durable together with the given user data
     */
    static OffsetCheckpoint inCommitData(Supplier<Map<String, String>> committed, Consumer<Map<String, String>> commit) {
        return new OffsetCheckpoint() {
            @Override
            public Map<Integer, Long> load(String topic) {
                var out = new HashMap<Integer, Long>();
                String prefix = prefix(topic);
                committed.get().forEach((k, v) -> {
                    if (k.startsWith(prefix)) out.put(Integer.parseInt(k.substring(prefix.length())), Long.parseLong(v));
                });
                return out;
            }

            @Override
            public void save(String topic, Map<Integer, Long> nextOffsets) {
                var data = new HashMap<>(committed.get());
                nextOffsets.forEach((p, o) -> data.put(prefix(topic) + p, Long.toString(o)));
                commit.accept(data);
            }

            private static String prefix(String topic) {
                return "kafka.offset." + topic + ".";
            }
        };
    }
}
