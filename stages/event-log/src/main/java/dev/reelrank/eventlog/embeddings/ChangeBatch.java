package dev.reelrank.eventlog.embeddings;

import dev.reelrank.model.VectorIndex;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The changes of one poll, collapsed per video (the last record of a key wins, as compaction
 * would have it), so a batch applies as one delete call and one upsert call whatever their order.
 */
final class ChangeBatch {
    private final Map<String, EmbeddingChange> last = new LinkedHashMap<>();
    private long skipped;
    private long malformed;

    void add(EmbeddingChange change) {
        switch (change) {
            case EmbeddingChange.Skip s -> {
                skipped++;
                if (s.malformed()) malformed++;
            }
            default -> {
                last.remove(change.videoId());
                last.put(change.videoId(), change);
            }
        }
    }

    boolean isEmpty() {
        return last.isEmpty();
    }

    List<String> deletes() {
        var out = new ArrayList<String>();
        for (EmbeddingChange c : last.values()) if (c instanceof EmbeddingChange.Delete d) out.add(d.videoId());
        return out;
    }

    List<VectorIndex.Entry> upserts() {
        var out = new ArrayList<VectorIndex.Entry>();
        for (EmbeddingChange c : last.values()) if (c instanceof EmbeddingChange.Upsert u) out.add(u.entry());
        return out;
    }

    long skipped() {
        return skipped;
    }

    long malformed() {
        return malformed;
    }

    void applyTo(VectorIndex index) {
        List<String> deletes = deletes();
        if (!deletes.isEmpty()) index.delete(deletes);
        List<VectorIndex.Entry> upserts = upserts();
        if (!upserts.isEmpty()) index.upsert(upserts);
    }
}
