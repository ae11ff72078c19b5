package dev.reelrank.vectorindex.lucene;

import dev.reelrank.model.VectorIndex.Filter;
import java.util.Collection;
import java.util.List;
import org.apache.lucene.document.KeywordField;
import org.apache.lucene.document.LongField;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.util.BytesRef;

/**
 * Turns a {@link Filter} into the Lucene query that {@code KnnFloatVectorQuery} evaluates
 * before walking the graph: the HNSW search then only accepts matching documents (and Lucene
 * switches to an exact scan of the matches when they are too few for the graph to find), so a
 * selective filter never empties the result the way post-filtering the top K would.
 */
public final class LuceneFilters {
    private LuceneFilters() {}

    /** @return the filter query, or null when the filter matches everything */
    public static Query toQuery(Filter filter) {
        if (filter == null) return null;
        var b = new BooleanQuery.Builder();
        int clauses = 0;
        clauses += addSet(b, LuceneFields.REGION, filter.regions());
        clauses += addSet(b, LuceneFields.LANGUAGE, filter.languages());
        clauses += addSet(b, LuceneFields.CATEGORY, filter.categories());
        if (filter.publishedAfter() != null) {
            long after = filter.publishedAfter().toEpochMilli();
            // "after" is strict: a video published exactly at the bound is excluded.
            if (after == Long.MAX_VALUE) return new org.apache.lucene.search.MatchNoDocsQuery("published after the end of time");
            b.add(LongField.newRangeQuery(LuceneFields.PUBLISHED_AT, after + 1, Long.MAX_VALUE), Occur.FILTER);
            clauses++;
        }
        return clauses == 0 ? null : b.build();
    }

    private static int addSet(BooleanQuery.Builder b, String field, Collection<String> values) {
        if (values == null || values.isEmpty()) return 0;
        List<BytesRef> terms = values.stream().map(BytesRef::new).toList();
        b.add(KeywordField.newSetQuery(field, terms), Occur.FILTER);
        return 1;
    }
}
