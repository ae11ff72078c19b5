package dev.reelrank.vectorindex.lucene;

import dev.reelrank.model.VectorIndex.Filter;
import dev.reelrank.model.VectorIndex.Neighbor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;
import org.apache.lucene.index.FieldInfo;
import org.apache.lucene.index.FieldInfos;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.index.SortedSetDocValues;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherManager;

/**
 * The read side of the embedded index: kNN queries (filters evaluated inside the query, see
 * {@link LuceneFilters}) on the current near-real-time reader, hits mapped back to video ids.
 * Every call acquires a reader and releases it, so searches never block writers or each other.
 */
final class HnswSearch {
    private static final System.Logger LOG = System.getLogger(HnswSearch.class.getName());

    private final SearcherManager searchers;

    HnswSearch(SearcherManager searchers) {
        this.searchers = searchers;
    }

    /**
     * The best {@code k} of a search with beam {@code max(k, efSearch)}: Lucene's k is the HNSW
     * beam (ef), so it is asked for more and the best k are kept.
     *
     * @param unitQuery a query of the index's dimension, normalized
     */
    List<Neighbor> search(float[] unitQuery, int k, int efSearch, Filter filter) {
        IndexSearcher searcher;
        try {
            searcher = searchers.acquire();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            int ef = Math.max(k, efSearch);
            var q = new KnnFloatVectorQuery(LuceneFields.VECTOR, unitQuery, ef, LuceneFilters.toQuery(filter));
            ScoreDoc[] hits = searcher.search(q, ef).scoreDocs;
            int n = Math.min(k, hits.length);
            return toNeighbors(searcher, Arrays.copyOf(hits, n));
        } catch (IOException e) {
            throw new UncheckedIOException("vector search failed", e);
        } finally {
            try {
                searchers.release(searcher);
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "cannot release a searcher", e);
            }
        }
    }

    /** Maps hits (best first) to video ids, reading each segment's id doc values in doc order. */
    private static List<Neighbor> toNeighbors(IndexSearcher searcher, ScoreDoc[] hits) throws IOException {
        Integer[] byDoc = new Integer[hits.length];
        for (int i = 0; i < hits.length; i++) byDoc[i] = i;
        Arrays.sort(byDoc, (a, b) -> Integer.compare(hits[a].doc, hits[b].doc));
        String[] ids = new String[hits.length];
        List<LeafReaderContext> leaves = searcher.getIndexReader().leaves();
        int leafIndex = -1;
        SortedSetDocValues values = null;
        int docBase = 0;
        for (int i : byDoc) {
            int doc = hits[i].doc;
            int li = ReaderUtil.subIndex(doc, leaves);
            if (li != leafIndex) {
                leafIndex = li;
                LeafReaderContext leaf = leaves.get(li);
                values = leaf.reader().getSortedSetDocValues(LuceneFields.ID);
                docBase = leaf.docBase;
            }
            if (values == null || !values.advanceExact(doc - docBase))
                throw new IllegalStateException("document " + doc + " has no video id");
            ids[i] = values.lookupOrd(values.nextOrd()).utf8ToString();
        }
        var out = new ArrayList<Neighbor>(hits.length);
        for (int i = 0; i < hits.length; i++) out.add(new Neighbor(ids[i], LuceneFields.innerProduct(hits[i].score)));
        return out;
    }

    /** Live documents in the current reader. */
    long size() {
        try {
            IndexSearcher s = searchers.acquire();
            try {
                return s.getIndexReader().numDocs();
            } finally {
                searchers.release(s);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
