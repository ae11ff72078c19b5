package dev.reelrank.functions.embeddingrefresh;

import dev.reelrank.eventlog.embeddings.EmbeddingPublisher;
import dev.reelrank.model.VideoMetadata;
import dev.reelrank.proto.v1.VideoEmbedding;
import dev.reelrank.proto.v1.VideoFeatures;
import dev.reelrank.proto.v1.VideoPublished;
import dev.reelrank.retrievalmodel.TwoTowerModel;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
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
        TwoTowerModel model = models.model();
        if (model == null || publisher == null) return Optional.empty();
        VideoFeatures features = VideoMetadata.features(video);
        VideoEmbedding embedding;
        try {
            float[] vector = model.videoEmbeddings(List.of(features), Instant.now())[0];
            embedding = EmbeddingPublisher.embedding(features, vector, model.version());
        } catch (RuntimeException e) {
            LOG.errorf("video %s stored but not embedded by %s: %s", video.getVideoId(), model.version(), e.toString());
            return Optional.empty();
        }
        retry.run("embedding of video " + video.getVideoId(), () -> publish(embedding));
        LOG.debugf("video %s embedded with %s", video.getVideoId(), model.version());
        return Optional.of(embedding);
    }

    private void publish(VideoEmbedding embedding) {
        try {
            publisher.publish(embedding).get(ackTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing the embedding of " + embedding.getVideoId(), e);
        } catch (Exception e) {
            throw new IllegalStateException("embedding of video " + embedding.getVideoId() + " not acknowledged: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        if (publisher != null) publisher.close();
    }
}
