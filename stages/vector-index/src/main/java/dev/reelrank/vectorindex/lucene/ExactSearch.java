package dev.reelrank.vectorindex.lucene;

import java.io.IOException;
import java.util.List;
import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.search.ConjunctionUtils;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.HitQueue;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.Scorer;
import org.apache.lucene.search.VectorScorer;
import org.apache.lucene.search.Weight;
import org.apache.lucene.util.Bits;

/**
 * The exact top k of a reader: every live document that matches the filter, scored by the
 * vector field's own scorer, the one Lucene's filtered kNN query falls back to when it scans
 * (the field's similarity, Lucene's SIMD dot product), so a document's score is the graph
 * search's score for it up to float rounding. Not always to the bit: Lucene 10.3's graph search
 * scores neighbours in batches of vectors, which round differently in the last place, so two
 * documents within about 1e-7 of each other can come in either order on the two paths.
 */
final class ExactSearch {
    private ExactSearch() {}

    /**
     * @param filter a filter query ({@link LuceneFilters#toQuery}), or null for every document
     * @return at most {@code k} hits, best first; equal scores in doc id order, as the HNSW path's
     *     top-docs collection orders them
     */
    static ScoreDoc[] topK(IndexSearcher searcher, float[] unitQuery, int k, Query filter) throws IOException {
        // Bounding k by the live documents keeps the pre-filled queue no larger than the index.
        int size = Math.min(k, searcher.getIndexReader().numDocs());
        if (size == 0) return new ScoreDoc[0];
        Weight filterWeight = filter == null ? null
                : searcher.createWeight(searcher.rewrite(filter), ScoreMode.COMPLETE_NO_SCORES, 1f);
        // Pre-filled with sentinels (score -inf), so the loop below compares with top() only.
        var queue = new HitQueue(size, true);
        ScoreDoc worst = queue.top();
        for (LeafReaderContext leaf : searcher.getIndexReader().leaves()) {
            FloatVectorValues values = leaf.reader().getFloatVectorValues(LuceneFields.VECTOR);
            if (values == null || values.size() == 0) continue;
            VectorScorer vectors = values.scorer(unitQuery);
            if (vectors == null) continue;
            DocIdSetIterator docs = vectors.iterator();
            if (filterWeight != null) {
                Scorer matches = filterWeight.scorer(leaf);
                if (matches == null) continue;
                docs = ConjunctionUtils.intersectIterators(List.of(matches.iterator(), docs));
            }
            // Scorers do not skip deleted documents; the collector normally does.
            Bits live = leaf.reader().getLiveDocs();
            for (int doc = docs.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = docs.nextDoc()) {
                if (live != null && !live.get(doc)) continue;
                float score = vectors.score();
                // Documents arrive in increasing global doc id, so an equal score never displaces
                // the earlier document: the tie order is doc id, deterministic for a reader.
                if (score > worst.score) {
                    worst.score = score;
                    worst.doc = leaf.docBase + doc;
                    worst = queue.updateTop();
                }
            }
        }
        // Sentinels left over (fewer matches than k) are the lowest entries and pop first.
        while (queue.size() > 0 && queue.top().score == Float.NEGATIVE_INFINITY) queue.pop();
        var out = new ScoreDoc[queue.size()];
        for (int i = out.length - 1; i >= 0; i--) out[i] = queue.pop();
        return out;
    }
}
