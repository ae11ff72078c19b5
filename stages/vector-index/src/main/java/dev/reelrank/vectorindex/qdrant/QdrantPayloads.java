package dev.reelrank.vectorindex.qdrant;

import static io.qdrant.client.ValueFactory.value;

import dev.reelrank.model.VectorIndex.Entry;
import dev.reelrank.model.VectorIndex.Payload;
import io.qdrant.client.grpc.JsonWithInt.Value;
import java.util.HashMap;
import java.util.Map;

/** Payload keys and the entry → payload mapping. {@code published_at} is epoch milliseconds (integer index). */
public final class QdrantPayloads {
    public static final String VIDEO_ID = "video_id";
    public static final String CHANNEL_ID = "channel_id";
    public static final String REGION = "region";
    public static final String LANGUAGE = "language";
    public static final String CATEGORY = "category";
    public static final String PUBLISHED_AT = "published_at";

    private QdrantPayloads() {}

    public static Map<String, Value> of(Entry e) {
        var m = new HashMap<String, Value>();
        m.put(VIDEO_ID, value(e.videoId()));
        Payload p = e.payload();
        if (p != null) {
            put(m, CHANNEL_ID, p.channelId());
            put(m, REGION, p.region());
            put(m, LANGUAGE, p.language());
            put(m, CATEGORY, p.category());
            if (p.publishedAt() != null) m.put(PUBLISHED_AT, value(p.publishedAt().toEpochMilli()));
        }
        return m;
    }

    private static void put(Map<String, Value> m, String key, String v) {
        if (v != null && !v.isEmpty()) m.put(key, value(v));
    }
}
