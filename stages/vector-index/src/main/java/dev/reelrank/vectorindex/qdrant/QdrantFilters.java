package dev.reelrank.vectorindex.qdrant;

import static io.qdrant.client.ConditionFactory.matchKeyword;
import static io.qdrant.client.ConditionFactory.matchKeywords;
import static io.qdrant.client.ConditionFactory.range;

import dev.reelrank.model.VectorIndex;
import io.qdrant.client.grpc.Common.Condition;
import io.qdrant.client.grpc.Common.Filter;
import io.qdrant.client.grpc.Common.Range;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@link VectorIndex.Filter} → Qdrant filter. Qdrant applies it during the HNSW traversal
 * (with payload indexes on every filtered key), so like the embedded index it never loses
 * results the way post-filtering would.
 */
public final class QdrantFilters {
    private QdrantFilters() {}

    /** Empty when the filter matches everything (no filter is sent). */
    public static Optional<Filter> toFilter(VectorIndex.Filter f) {
        if (f == null) return Optional.empty();
        List<Condition> must = new ArrayList<>();
        keywords(must, QdrantPayloads.REGION, f.regions());
        keywords(must, QdrantPayloads.LANGUAGE, f.languages());
        keywords(must, QdrantPayloads.CATEGORY, f.categories());
        if (f.publishedAfter() != null) {
            // Strictly after, in the payload's epoch-millisecond integers.
            must.add(range(QdrantPayloads.PUBLISHED_AT, Range.newBuilder().setGt(f.publishedAfter().toEpochMilli()).build()));
        }
        return must.isEmpty() ? Optional.empty() : Optional.of(Filter.newBuilder().addAllMust(must).build());
    }

    private static void keywords(List<Condition> must, String key, Set<String> values) {
        if (values == null || values.isEmpty()) return;
        must.add(values.size() == 1 ? matchKeyword(key, values.iterator().next()) : matchKeywords(key, values.stream().sorted().toList()));
    }
}
