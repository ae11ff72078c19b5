package dev.reelrank.functions.embeddingrefresh;

import dev.reelrank.eventlog.embeddings.EmbeddingPublisher;
import dev.reelrank.model.VideoMetadata;
import dev.reelrank.proto.v1.VideoEmbedding;
import dev.reelrank.proto.v1.VideoFeatures;
import dev.reelrank.proto.v1.VideoPublished;
import dev.reelrank.retrievalmodel.TwoTowerModel;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Makes a new (or re-published) video searchable by ANN within seconds: its content features go
 * through the video tower of the version the user embeddings are made with (the served one), and
 * the vector goes to the {@code video-embeddings} topic, which every serving index follows. Without
 * this a video reached the index only with the next {@code scripts/model publish}.
 */
final class VideoEmbedder implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(VideoEmbedder.class);

    private final UserEmbedder models;
    private final EmbeddingPublisher publisher;
    private final Duration ackTimeout;
    private final StoreRetry retry;

    /**
     * @param publisher null: off (no vectors are published)
     * @param retry     how a Kafka outage is waited out (it is the log we consume from: transient by nature)
     */
    VideoEmbedder(UserEmbedder models, EmbeddingPublisher publisher, Duration ackTimeout, StoreRetry retry) {
        this.models = models;
        this.publisher = publisher;
        this.ackTimeout = ackTimeout;
        this.retry = retry;
    }

    /**
     * Embeds and publishes; returns once Kafka has the vector, so the video's record is acknowledged
     * only after its vector is durable (a crash in between embeds it again on redelivery).
     *
     * A tower failure leaves the video without a vector until the next model publish (it is stored
     * and served by the fresh source meanwhile), which is no reason to stop the stream.
     *
     * @return the published embedding, empty when there is no model, publishing is off or the tower failed
     */
    Optional<VideoEmbedding> embed(VideoPublished video) {
        List<VideoEmbedding> out = embedAll(List.of(video));
        return out.isEmpty() ? Optional.empty() : Optional.of(out.get(0));
    }

    /**
     * A batch: one forward pass of the video tower, every vector sent at once, then one wait for
     * all the acknowledgements (one video after another, each waiting for its own ack, was ~10 ms a
     * video). A batch the tower refuses is retried a video at a time, so one video it cannot embed
     * costs only its own vector.
     *
     * @return the published embeddings (fewer than the videos when the tower refused some)
     */
    List<VideoEmbedding> embedAll(List<VideoPublished> videos) {
        TwoTowerModel model = models.model();
        if (model == null || publisher == null || videos.isEmpty()) return List.of();
        List<VideoEmbedding> embeddings = embeddings(model, videos);
        var pending = new ArrayList<>(embeddings);
        retry.run("embeddings of " + embeddings.size() + " videos", () -> {
            publishAll(pending);
        });
        LOG.debugf("%d videos embedded with %s", embeddings.size(), model.version());
        return embeddings;
    }

    private List<VideoEmbedding> embeddings(TwoTowerModel model, List<VideoPublished> videos) {
        List<VideoFeatures> features = videos.stream().map(VideoMetadata::features).toList();
        Instant now = Instant.now();
        try {
            float[][] vectors = model.videoEmbeddings(features, now);
            var out = new ArrayList<VideoEmbedding>(vectors.length);
            for (int i = 0; i < vectors.length; i++) out.add(EmbeddingPublisher.embedding(features.get(i), vectors[i], model.version()));
            return out;
        } catch (RuntimeException batchFailure) {
            if (videos.size() == 1) {
                LOG.errorf("video %s stored but not embedded by %s: %s", videos.get(0).getVideoId(), model.version(), batchFailure.toString());
                return List.of();
            }
            var out = new ArrayList<VideoEmbedding>(videos.size());
            for (VideoPublished v : videos) out.addAll(embeddings(model, List.of(v)));
            return out;
        }
    }

    /** Sends every embedding not yet acknowledged and waits for all; what failed stays in {@code pending} for the retry. */
    private void publishAll(List<VideoEmbedding> pending) {
        var sent = new ArrayList<CompletableFuture<?>>(pending.size());
        for (VideoEmbedding e : pending) sent.add(publisher.publish(e));
        long deadline = System.nanoTime() + ackTimeout.toNanos();
        var failed = new ArrayList<VideoEmbedding>();
        String firstProblem = null;
        for (int i = 0; i < sent.size(); i++) {
            try {
                sent.get(i).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while publishing video embeddings", e);
            } catch (Exception e) {
                failed.add(pending.get(i));
                if (firstProblem == null) firstProblem = "embedding of video " + pending.get(i).getVideoId() + " not acknowledged: " + e.getMessage();
            }
        }
        pending.clear();
        pending.addAll(failed);
        if (firstProblem != null) throw new IllegalStateException(failed.size() + " of " + sent.size() + " embeddings; first: " + firstProblem);
    }

    @Override
    public void close() {
        if (publisher != null) publisher.close();
    }
}
