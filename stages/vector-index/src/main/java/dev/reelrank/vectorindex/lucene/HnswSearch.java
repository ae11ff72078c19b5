package dev.reelrank.vectorindex.lucene;

import dev.reelrank.model.VectorIndex.Filter;
import dev.reelrank.model.VectorIndex.Neighbor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.atomic.LongAdder;
import org.apache.lucene.index.FieldInfo;
import org.apache.lucene.index.FieldInfos;
import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.index.KnnVectorValues;
import org.apache.lucene.index.PostingsEnum;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.index.SortedSetDocValues;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.util.Bits;
import org.apache.lucene.util.BytesRef;

/**
 * The read side of the embedded index: kNN queries (filters evaluated inside the query, see
 * {@link LuceneFilters}) on the current near-real-time reader, hits mapped back to video ids.
 * Every call acquires a reader and releases it, so searches never block writers or each other.
 * A reader of at most {@link HnswConfig#exactScanMaxVectors()} live vectors is scanned exactly
 * ({@link ExactSearch}) instead of searched in the graph.
 */
final class HnswSearch {
    private static final System.Logger LOG = System.getLogger(HnswSearch.class.getName());

    private final SearcherManager searchers;
    private final LongAdder exactSearches = new LongAdder();
    private final LongAdder graphSearches = new LongAdder();

    HnswSearch(SearcherManager searchers) {
        this.searchers = searchers;
    }

    /**
     * The best {@code k}: an exact scan when the reader holds at most {@code exactScanMaxVectors}
     * live vectors, otherwise a graph search with beam {@code max(k, efSearch)} (Lucene's k is
     * the HNSW beam (ef), so it is asked for more and the best k are kept).
     *
     * <p>The choice counts the reader's live documents (every document has a vector), not the
     * filter's matches: that count is free, where counting matches costs a pass over the filter
     * before every graph search. A filter matching few documents in a larger index is left to
     * Lucene, whose filtered kNN search scans the matches exactly when the graph would visit more.
     *
     * @param unitQuery a query of the index's dimension, normalized
     * @param exactScanMaxVectors 0 = always the graph
     */
    List<Neighbor> search(float[] unitQuery, int k, int efSearch, int exactScanMaxVectors, Filter filter) {
        return withSearcher("vector search failed", searcher -> {
            Query filterQuery = LuceneFilters.toQuery(filter);
            ScoreDoc[] hits;
            if (scansExactly(searcher, exactScanMaxVectors)) {
                exactSearches.increment();
                hits = ExactSearch.topK(searcher, unitQuery, k, filterQuery);
            } else {
                graphSearches.increment();
                int ef = Math.max(k, efSearch);
                var q = new KnnFloatVectorQuery(LuceneFields.VECTOR, unitQuery, ef, filterQuery);
                ScoreDoc[] all = searcher.search(q, ef).scoreDocs;
                hits = Arrays.copyOf(all, Math.min(k, all.length));
            }
            return toNeighbors(searcher, hits);
        });
    }

    /** A unit of work on one acquired searcher (the current reader), released whatever happens. */
    private interface SearcherWork<T> {
        T on(IndexSearcher searcher) throws IOException;
    }

    private <T> T withSearcher(String failure, SearcherWork<T> work) {
        IndexSearcher searcher;
        try {
            searcher = searchers.acquire();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            return work.on(searcher);
        } catch (IOException e) {
            throw new UncheckedIOException(failure, e);
        } finally {
            try {
                searchers.release(searcher);
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "cannot release a searcher", e);
            }
        }
    }

    private static boolean scansExactly(IndexSearcher searcher, int exactScanMaxVectors) {
        return exactScanMaxVectors > 0 && searcher.getIndexReader().numDocs() <= exactScanMaxVectors;
    }

    /** Whether a search on the current reader would be an exact scan. */
    boolean scansExactly(int exactScanMaxVectors) {
        return withSearcher("cannot read the index", s -> scansExactly(s, exactScanMaxVectors));
    }

    /**
     * Maps hits (best first) to video ids and channels, reading each segment's doc values in doc
     * order. The channel is the payload's keyword field, which has doc values for the filters anyway;
     * a video published without a channel has none (null: the caller reads it elsewhere).
     */
    private static List<Neighbor> toNeighbors(IndexSearcher searcher, ScoreDoc[] hits) throws IOException {
        Integer[] byDoc = new Integer[hits.length];
        for (int i = 0; i < hits.length; i++) byDoc[i] = i;
        Arrays.sort(byDoc, (a, b) -> Integer.compare(hits[a].doc, hits[b].doc));
        String[] ids = new String[hits.length];
        String[] channels = new String[hits.length];
        List<LeafReaderContext> leaves = searcher.getIndexReader().leaves();
        int leafIndex = -1;
        SortedSetDocValues values = null;
        SortedSetDocValues channelValues = null;
        int docBase = 0;
        for (int i : byDoc) {
            int doc = hits[i].doc;
            int li = ReaderUtil.subIndex(doc, leaves);
            if (li != leafIndex) {
                leafIndex = li;
                LeafReaderContext leaf = leaves.get(li);
                values = leaf.reader().getSortedSetDocValues(LuceneFields.ID);
                channelValues = leaf.reader().getSortedSetDocValues(LuceneFields.CHANNEL);
                docBase = leaf.docBase;
            }
            int leafDoc = doc - docBase;
            if (values == null || !values.advanceExact(leafDoc))
                throw new IllegalStateException("document " + doc + " has no video id");
            ids[i] = values.lookupOrd(values.nextOrd()).utf8ToString();
            // Ascending docs within a leaf, so the iterator only moves forward.
            if (channelValues != null && channelValues.advanceExact(leafDoc))
                channels[i] = channelValues.lookupOrd(channelValues.nextOrd()).utf8ToString();
        }
        var out = new ArrayList<Neighbor>(hits.length);
        for (int i = 0; i < hits.length; i++) out.add(new Neighbor(ids[i], LuceneFields.innerProduct(hits[i].score), channels[i]));
        return out;
    }

    /**
     * The stored vectors of the ids the current reader holds (live documents only), read back from
     * the vector field itself, so nothing is stored twice: each id is a term lookup, and each
     * segment's vectors are walked once in doc order. Copies: a reader's vector buffer is reused.
     */
    Map<String, float[]> vectors(Collection<String> videoIds) {
        if (videoIds.isEmpty()) return Map.of();
        return withSearcher("reading vectors failed", searcher -> {
            var out = new HashMap<String, float[]>(videoIds.size() * 2);
            var docs = new int[videoIds.size()];
            var ids = new String[videoIds.size()];
            for (LeafReaderContext leaf : searcher.getIndexReader().leaves()) {
                Terms terms = leaf.reader().terms(LuceneFields.ID);
                FloatVectorValues values = leaf.reader().getFloatVectorValues(LuceneFields.VECTOR);
                if (terms == null || values == null) continue;
                Bits live = leaf.reader().getLiveDocs();
                TermsEnum te = terms.iterator();
                PostingsEnum postings = null;
                int found = 0;
                for (String id : videoIds) {
                    if (out.containsKey(id) || !te.seekExact(new BytesRef(id))) continue;
                    postings = te.postings(postings, PostingsEnum.NONE);
                    for (int d = postings.nextDoc(); d != PostingsEnum.NO_MORE_DOCS; d = postings.nextDoc()) {
                        if (live != null && !live.get(d)) continue;
                        docs[found] = d;
                        ids[found++] = id;
                        break;
                    }
                }
                if (found == 0) continue;
                Integer[] order = new Integer[found];
                for (int i = 0; i < found; i++) order[i] = i;
                Arrays.sort(order, (a, b) -> Integer.compare(docs[a], docs[b]));
                KnnVectorValues.DocIndexIterator it = values.iterator();
                for (int i : order) {
                    if (it.docID() < docs[i] && it.advance(docs[i]) != docs[i]) continue;
                    if (it.docID() == docs[i]) out.put(ids[i], values.vectorValue(it.index()).clone());
                }
            }
            return out;
        });
    }

    /** Searches served by {@link ExactSearch} so far (tests assert the path taken). */
    long exactSearches() {
        return exactSearches.sum();
    }

    /** Searches served by the HNSW graph so far. */
    long graphSearches() {
        return graphSearches.sum();
    }

    /** Live documents in the current reader. */
    long size() {
        return withSearcher("cannot read the index", s -> (long) s.getIndexReader().numDocs());
    }

    /** The vector dimension of what the current reader holds, if it holds any vector. */
    OptionalInt dimension() throws IOException {
        IndexSearcher s = searchers.acquire();
        try {
            FieldInfo fi = FieldInfos.getMergedFieldInfos(s.getIndexReader()).fieldInfo(LuceneFields.VECTOR);
            return fi == null || fi.getVectorDimension() == 0 ? OptionalInt.empty() : OptionalInt.of(fi.getVectorDimension());
        } finally {
            searchers.release(s);
        }
    }
}
