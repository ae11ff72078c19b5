package dev.reelrank.functions.embeddingrefresh;

import dev.reelrank.eventlog.LoggedEvent;
import dev.reelrank.eventlog.Topics;
import dev.reelrank.proto.v1.Interaction;
import dev.reelrank.proto.v1.VideoPublished;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Reception;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * What this function does with events, whichever way they arrive: polled from Kafka
 * ({@link EventConsumer}) or delivered over HTTP as CloudEvents, as a Knative KafkaSource does
 * ({@link DeliveryResource}). A batch of interactions is folded at once; what can never be applied
 * goes to the dead-letter topic with its reason before the call returns, so a binding may
 * acknowledge everything it handed over once the batch's future completes. Batches are folded one
 * at a time in the order they are submitted, whichever binding brought them; a batch's writes may
 * still be in flight while the next is folded ({@link FeatureRefresher#submit}: per user in order).
 */
@ApplicationScoped
public class EventHandler {
    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(EventHandler.class);
    /**
     * One received event: decoded, or the reason it could not be ({@code event} null), with the way
     * to turn it into a dead letter as it was received.
     */
    record Received(LoggedEvent event, String undecodable, Function<String, DeadLetters.Letter> letter, int partition, long offset) {
        static Received of(LoggedEvent event, Function<String, DeadLetters.Letter> letter) {
            return new Received(event, null, letter, -1, -1);
        }

        static Received undecodable(String why, Function<String, DeadLetters.Letter> letter) {
            return new Received(null, why, letter, -1, -1);
        }

        /** The same, as the record at {@code offset} of {@code partition} of the interactions topic. */
        Received at(int partition, long offset) {
            return new Received(event, undecodable, letter, partition, offset);
        }
    }

    private final FeatureRefresher refresher;
    private final DeadLetters deadLetters;
    private final FoldStats stats;
    private final RefreshMetrics metrics;
    private final VideoEmbedder videoEmbedder;
    private final Duration shutdownDrain;

    EventHandler(FeatureRefresher refresher, DeadLetters deadLetters, FoldStats stats, VideoEmbedder videoEmbedder,
                 RefreshMetrics metrics, RefreshSettings settings) {
        this.shutdownDrain = settings.shutdownDrain();
        this.metrics = metrics;
        this.refresher = refresher;
        this.deadLetters = deadLetters;
        this.stats = stats;
        this.videoEmbedder = videoEmbedder;
    }

    /**
     * Folds a batch and hands its writes over; returns once the next batch may be submitted. The
     * future completes once every event of the batch is stored or dead-lettered (only then may the
     * binding acknowledge any of it), with the reason of each dead-lettered event (absent: applied,
     * or a redelivery already applied); it fails when a store stays unavailable beyond the retry policy.
     */
    synchronized CompletableFuture<Map<Received, String>> submit(List<Received> batch) {
        long started = System.nanoTime();
        var dead = new HashMap<Received, String>();
        var folding = new ArrayList<FeatureRefresher.Folding<Received>>(batch.size());
        for (Received r : batch) {
            if (r.event() == null) dead.put(r, r.undecodable());
            else if (!(r.event().payload() instanceof Interaction i)) dead.put(r, "event type " + r.event().type().type + " is not an interaction");
            else folding.add(new FeatureRefresher.Folding<>(i, EventIdentity.hash(r.event(), i), r,
                    r.partition(), r.offset()));
        }
        var durable = refresher.submit(folding);
        // The fold's own time: what it costs to hand a batch over, writes excluded (they overlap the next batch).
        long busy = System.nanoTime() - started;
        return durable.thenApply(outcome -> {
            for (var d : outcome.dead()) dead.put(d.origin(), d.reason());
            send(dead);
            stats.record(batch.size(), outcome, dead.size(), busy);
            metrics.folded(Topics.INTERACTIONS, batch.size() - dead.size(), dead.size());
            return dead;
        });
    }

    /**
     * Quarkus fires this before the store sessions close (and before the Kafka binding stops
     * polling): the batches in flight get {@code reelrank.refresh.shutdown-drain} to be durable and
     * acknowledged; what is still retrying then gives up and is redelivered to the next consumer.
     * Only if this handler exists: one that never took an event has nothing in flight, and creating
     * it now would open store sessions during the shutdown.
     */
    void onShutdown(@Observes(notifyObserver = Reception.IF_EXISTS) ShutdownEvent event) {
        long started = System.nanoTime();
        try {
            boolean drained = refresher.drain(shutdownDrain);
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            if (drained) LOG.infof("shutdown: every batch handed over is stored (waited %d ms)", took.toMillis());
            else LOG.warnf("shutdown: batches still not stored after %d ms (a store is down or slow); they are redelivered to the next consumer",
                    took.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Whether a shutdown began: batches are no longer taken, and a failed one is left to be redelivered. */
    boolean stopping() {
        return refresher.stopping();
    }

    /** @return why the video was dead-lettered, if it was (a delivery over HTTP: one at a time) */
    Optional<String> video(Received r) {
        return Optional.ofNullable(videos(List.of(r)).get(r));
    }

    /**
     * A poll batch of {@code video.published}: stored {@code parallelism} at a time, embedded in one
     * forward pass, the vectors published together. A video published twice in the batch is applied
     * once, as its last record says (the topic is compacted by video id: the last one is what stays).
     *
     * @return the reason of each event that was dead-lettered
     */
    Map<Received, String> videos(List<Received> batch) {
        var dead = new HashMap<Received, String>();
        // By video id, the batch's last record of each video (re-inserted last: log order kept).
        var latest = new LinkedHashMap<String, Received>();
        for (Received r : batch) {
            if (r.event() == null) dead.put(r, r.undecodable());
            else if (!(r.event().payload() instanceof VideoPublished video)) dead.put(r, "event type " + r.event().type().type + " is not a video.published");
            else {
                Optional<String> problem = refresher.problem(video);
                if (problem.isPresent()) dead.put(r, problem.get() + " (event " + r.event().id() + ")");
                else {
                    latest.remove(video.getVideoId());
                    latest.put(video.getVideoId(), r);
                }
            }
        }
        var videos = latest.values().stream().map(r -> (VideoPublished) r.event().payload()).toList();
        Map<String, String> refused = videos.isEmpty() ? Map.of() : refresher.applyVideos(videos);
        var stored = new ArrayList<VideoPublished>(videos.size());
        for (VideoPublished v : videos) {
            String why = refused.get(v.getVideoId());
            Received r = latest.get(v.getVideoId());
            if (why == null) stored.add(v);
            else dead.put(r, why + " (event " + r.event().id() + ")");
        }
        videoEmbedder.embedAll(stored);
        send(dead);
        metrics.folded(Topics.VIDEOS, batch.size() - dead.size(), dead.size());
        return dead;
    }

    private void send(Map<Received, String> dead) {
        var letters = new ArrayList<DeadLetters.Letter>(dead.size());
        dead.forEach((r, why) -> letters.add(r.letter().apply(why)));
        deadLetters.send(letters);
    }
}
