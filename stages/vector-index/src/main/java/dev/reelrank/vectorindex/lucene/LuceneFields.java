package dev.reelrank.vectorindex.lucene;

import dev.reelrank.model.VectorIndex.Entry;
import dev.reelrank.model.VectorIndex.Payload;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field.Store;
import org.apache.lucene.document.KeywordField;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.LongField;
import org.apache.lucene.index.VectorSimilarityFunction;

/**
 * The document layout of one video. The video id is both an indexed term (updates and deletes
 * by id) and doc values (hit → id), because Lucene doc ids are neither stable nor in insertion
 * order once several threads index or segments merge.
 */
final class LuceneFields {
    static final String ID = "id";
    static final String VECTOR = "vector";
    static final String CHANNEL = "channel";
    static final String REGION = "region";
    static final String LANGUAGE = "language";
    static final String CATEGORY = "category";
    static final String PUBLISHED_AT = "published_at";

    /** Dot product on unit vectors = cosine; Lucene scores it as (1 + dot) / 2. */
    static final VectorSimilarityFunction SIMILARITY = VectorSimilarityFunction.DOT_PRODUCT;

    private LuceneFields() {}

    static Document toDocument(Entry entry, float[] unitVector) {
        var doc = new Document();
        doc.add(new KeywordField(ID, entry.videoId(), Store.NO));
        doc.add(new KnnFloatVectorField(VECTOR, unitVector, SIMILARITY));
        Payload p = entry.payload();
        if (p != null) {
            addKeyword(doc, CHANNEL, p.channelId());
            addKeyword(doc, REGION, p.region());
            addKeyword(doc, LANGUAGE, p.language());
            addKeyword(doc, CATEGORY, p.category());
            if (p.publishedAt() != null) doc.add(new LongField(PUBLISHED_AT, p.publishedAt().toEpochMilli(), Store.NO));
        }
        return doc;
    }

    private static void addKeyword(Document doc, String field, String value) {
        if (value != null && !value.isEmpty()) doc.add(new KeywordField(field, value, Store.NO));
    }

    /** Inverse of Lucene's DOT_PRODUCT scaling, so callers see the inner product itself. */
    static float innerProduct(float luceneScore) {
        return 2 * luceneScore - 1;
    }
}
