package dev.reelrank.vectorindex.qdrant;

import static io.qdrant.client.QueryFactory.nearest;

import com.google.common.util.concurrent.ListenableFuture;
import dev.reelrank.model.VectorIndex;
import dev.reelrank.vectorindex.Vectors;
import io.qdrant.client.QdrantClient;
import io.qdrant.client.QdrantGrpcClient;
import io.qdrant.client.VectorsFactory;
import io.qdrant.client.WithPayloadSelectorFactory;
import io.qdrant.client.WithVectorsSelectorFactory;
import io.qdrant.client.grpc.Collections.CreateCollection;
import io.qdrant.client.grpc.Collections.Distance;
import io.qdrant.client.grpc.Collections.HnswConfigDiff;
import io.qdrant.client.grpc.Collections.PayloadSchemaType;
import io.qdrant.client.grpc.Collections.VectorParams;
import io.qdrant.client.grpc.Collections.VectorsConfig;
import io.qdrant.client.grpc.Common.PointId;
import io.qdrant.client.grpc.Points.PointStruct;
import io.qdrant.client.grpc.Points.QueryPoints;
import io.qdrant.client.grpc.Points.RetrievedPoint;
import io.qdrant.client.grpc.Points.ScoredPoint;
import io.qdrant.client.grpc.Points.SearchParams;
import io.qdrant.client.grpc.Points.VectorOutput;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@link VectorIndex} on a Qdrant collection over gRPC: dot product on unit vectors (= cosine),
 * HNSW with the configured m / ef_construct, payload indexes on every filtered key, batched
 * upserts. Call {@link #ensureCollection()} once before use (idempotent).
 */
public final class QdrantVectorIndex implements VectorIndex {
    private final QdrantConfig config;
    private final QdrantClient client;

    public QdrantVectorIndex(QdrantConfig config) {
        this.config = config;
        var ep = QdrantConfig.endpoint(config.url());
        // checkCompatibility=false: the Quarkus BOM pins gRPC below the client's own version,
        // which works (platform facts) but would log a version warning at every start.
        var builder = QdrantGrpcClient.newBuilder(ep.host(), ep.port(), ep.tls(), false).withTimeout(config.timeout());
        if (config.apiKey() != null && !config.apiKey().isBlank()) builder.withApiKey(config.apiKey());
        this.client = new QdrantClient(builder.build());
    }

    public QdrantConfig config() {
        return config;
    }

    /**
     * Creates the collection and its payload indexes if missing; an existing one is kept as is.
     * Several replicas may race to create it: the loser finds it existing and carries on.
     */
    public void ensureCollection() {
        if (get(client.collectionExistsAsync(config.collection()), "check collection")) return;
        try {
            get(client.createCollectionAsync(CreateCollection.newBuilder()
                    .setCollectionName(config.collection())
                    .setVectorsConfig(VectorsConfig.newBuilder().setParams(VectorParams.newBuilder()
                            .setSize(config.dimension()).setDistance(Distance.Dot)))
                    .setHnswConfig(HnswConfigDiff.newBuilder().setM(config.m()).setEfConstruct(config.efConstruct()))
                    // Every search reads the video_id payload of each of its hundreds of hits, and a
                    // payload is ~100 bytes: kept in RAM rather than read from disk per hit.
                    .setOnDiskPayload(false)
                    .build()), "create collection");
        } catch (QdrantException e) {
            if (!get(client.collectionExistsAsync(config.collection()), "check collection")) throw e;
        }
        for (String key : List.of(QdrantPayloads.REGION, QdrantPayloads.LANGUAGE, QdrantPayloads.CATEGORY)) {
            index(key, PayloadSchemaType.Keyword);
        }
        index(QdrantPayloads.PUBLISHED_AT, PayloadSchemaType.Integer);
    }

    private void index(String key, PayloadSchemaType type) {
        get(client.createPayloadIndexAsync(config.collection(), key, type, null, true, null, config.timeout()),
                "create payload index " + key);
    }

    @Override
    public void upsert(List<Entry> entries) {
        var batch = new ArrayList<PointStruct>(Math.min(entries.size(), config.upsertBatchSize()));
        for (Entry e : entries) {
            if (e.vector() == null || e.vector().length != config.dimension())
                throw new IllegalArgumentException("video " + e.videoId() + " has a " + (e.vector() == null ? 0 : e.vector().length)
                        + "-dim vector; collection " + config.collection() + " holds " + config.dimension() + "-dim vectors");
            batch.add(PointStruct.newBuilder()
                    .setId(QdrantIds.pointIdOf(e.videoId()))
                    .setVectors(VectorsFactory.vectors(Vectors.normalized(e.vector())))
                    .putAllPayload(QdrantPayloads.of(e))
                    .build());
            if (batch.size() == config.upsertBatchSize()) {
                flush(batch);
                batch.clear();
            }
        }
        if (!batch.isEmpty()) flush(batch);
    }

    private void flush(List<PointStruct> batch) {
        get(client.upsertAsync(config.collection(), List.copyOf(batch), config.timeout()), "upsert " + batch.size() + " points");
    }

    @Override
    public void delete(List<String> videoIds) {
        if (videoIds.isEmpty()) return;
        List<PointId> ids = videoIds.stream().map(QdrantIds::pointIdOf).toList();
        get(client.deleteAsync(config.collection(), ids, config.timeout()), "delete " + ids.size() + " points");
    }

    @Override
    public List<Neighbor> search(float[] query, int k, Filter filter) {
        if (k <= 0) throw new IllegalArgumentException("k must be > 0, was " + k);
        var q = QueryPoints.newBuilder()
                .setCollectionName(config.collection())
                .setQuery(nearest(Vectors.normalized(query)))
                .setLimit(k)
                .setParams(SearchParams.newBuilder().setHnswEf(Math.max(k, config.efSearch())))
                .setWithPayload(WithPayloadSelectorFactory.include(List.of(QdrantPayloads.VIDEO_ID, QdrantPayloads.CHANNEL_ID)));
        QdrantFilters.toFilter(filter).ifPresent(q::setFilter);
        List<ScoredPoint> points = get(client.queryAsync(q.build(), config.timeout()), "search");
        var out = new ArrayList<Neighbor>(points.size());
        for (ScoredPoint p : points) {
            var id = p.getPayloadMap().get(QdrantPayloads.VIDEO_ID);
            if (id == null) continue;
            var channel = p.getPayloadMap().get(QdrantPayloads.CHANNEL_ID);
            out.add(new Neighbor(id.getStringValue(), p.getScore(),
                    channel == null || channel.getStringValue().isEmpty() ? null : channel.getStringValue()));
        }
        return out;
    }

    /** One retrieve call for all ids (points by their name-based UUIDs), with the vectors and the video id. */
    @Override
    public Map<String, float[]> vectors(Collection<String> videoIds) {
        if (videoIds.isEmpty()) return Map.of();
        List<PointId> ids = videoIds.stream().distinct().map(QdrantIds::pointIdOf).toList();
        List<RetrievedPoint> points = get(client.retrieveAsync(config.collection(), ids,
                WithPayloadSelectorFactory.include(List.of(QdrantPayloads.VIDEO_ID)), WithVectorsSelectorFactory.enable(true),
                null, config.timeout()), "retrieve " + ids.size() + " vectors");
        var out = new HashMap<String, float[]>(points.size() * 2);
        for (RetrievedPoint p : points) {
            var id = p.getPayloadMap().get(QdrantPayloads.VIDEO_ID);
            float[] v = denseVector(p.getVectors().getVector());
            if (id != null && v != null) out.put(id.getStringValue(), v);
        }
        return out;
    }

    /**
     * The unnamed dense vector of a point: newer servers answer in {@code dense}, older ones in the
     * deprecated flat {@code data}; null for anything else (sparse, multi-vector, none).
     */
    @SuppressWarnings("deprecation")
    static float[] denseVector(VectorOutput v) {
        List<Float> data = switch (v.getVectorCase()) {
            case DENSE -> v.getDense().getDataList();
            case VECTOR_NOT_SET -> v.getDataList();
            default -> List.of();
        };
        if (data.isEmpty()) return null;
        float[] out = new float[data.size()];
        for (int i = 0; i < out.length; i++) out[i] = data.get(i);
        return out;
    }

    /** The collection's configured vector size (a writer checks incoming vectors against it). */
    @Override
    public OptionalInt dimension() {
        return OptionalInt.of(config.dimension());
    }

    @Override
    public long size() {
        return get(client.countAsync(config.collection(), null, true, config.timeout()), "count");
    }

    /** Drops the collection (tests and re-indexing). */
    public void dropCollection() {
        get(client.deleteCollectionAsync(config.collection(), config.timeout()), "drop collection");
    }

    @Override
    public void close() {
        client.close();
    }

    private <T> T get(ListenableFuture<T> f, String what) {
        try {
            // The call carries its own deadline; this bound only guards against a lost callback.
            return f.get(config.timeout().toMillis() * 2, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Qdrant " + what + " interrupted", e);
        } catch (ExecutionException e) {
            throw new QdrantException("Qdrant " + what + " failed on " + config.url() + "/" + config.collection() + ": " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            f.cancel(true);
            throw new QdrantException("Qdrant " + what + " timed out after " + config.timeout().multipliedBy(2), e);
        }
    }

    public static final class QdrantException extends RuntimeException {
        QdrantException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
