package dev.reelrank.functions.embeddingrefresh;

import dev.reelrank.featurestore.StoreFailures;
import dev.reelrank.model.ActiveUsers;
import dev.reelrank.model.EngagementWeights;
import dev.reelrank.model.FeatureStore;
import dev.reelrank.model.FeatureWriter;
import dev.reelrank.model.Popularity;
import dev.reelrank.model.RetrievalSignalWriter;
import dev.reelrank.model.UserFeatureUpdater;
import dev.reelrank.model.VideoStatsDelta;
import dev.reelrank.proto.v1.Action;
import dev.reelrank.proto.v1.HistoryEntry;
import dev.reelrank.proto.v1.Interaction;
import dev.reelrank.proto.v1.UserFeatures;
import dev.reelrank.proto.v1.UserFeaturesOrBuilder;
import dev.reelrank.proto.v1.VideoFeatures;
import dev.reelrank.proto.v1.VideoPublished;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What a batch of events changes in the feature store, written once per user and once per video.
 *
 * <p>A poll batch is folded in memory first: each user's events in log order onto the user's
 * stored features (one read per user), every video's counters and engagement summed over the
 * batch, the users whose taste changed embedded in one forward pass of the user tower. Only then
 * is anything written: per video one counter update and one popularity update per scope, per user
 * one features row and one history batch. The cost of an event is thus shared by every event of
 * the batch that touches the same user or video, which is what lets the fold keep up with a
 * stream instead of paying several round trips per event.
 *
 * <p>Batches are pipelined: {@link #submit} folds a batch and hands its writes over, then returns,
 * so the next batch is decoded, read and folded while these writes are in flight (up to
 * {@code batchesInFlight} batches not yet durable). Interactions of one user arrive in order on one
 * partition and batches are folded one at a time in that order; a user whose previous write is
 * still in flight is folded onto that in-memory state and written after it ({@link UserWriteChains}),
 * so a user's events are applied in offset order. A batch's future completes only once all of its
 * writes are done, which is when a binding may acknowledge it. An event that cannot be applied for
 * a reason that will not go away (a value the store refuses) is returned as a dead letter, never
 * retried forever.
 */
final class FeatureRefresher {
    private final FeatureStore durableUsers;
    private final FeatureStore videos;
    private final FeatureWriter writer;
    private final RetrievalSignalWriter signals;
    private final UserEmbedder embedder;
    private final UserFeatureUpdater updater;
    private final EngagementWeights weights;
    private final StoreRetry retry;
    private final ActiveUsers active;
    private final Clock clock;
    private final FoldLimits limits;
    private final UserWriteChains chains;
    /** One permit per batch that may be in flight; released when the batch is durable (or failed). */
    private final java.util.concurrent.Semaphore inFlight;
    private volatile boolean stopping;

    /**
     * One event of a batch and where it came from (a Kafka record, an HTTP delivery), handed back if
     * it dies; {@code partition} and {@code offset} of its Kafka record, or -1 when not known.
     */
    record Folding<O>(Interaction event, long hash, O origin, int partition, long offset) {
        Folding(Interaction event, long hash, O origin) {
            this(event, hash, origin, -1, -1);
        }
    }

    /** An event that was not applied, and why. */
    record DeadLetter<O>(O origin, String reason) {}

    /**
     * What a batch cost: {@code writes} counts the statements sent to Cassandra (counters,
     * popularity, user rows, history batches), {@code towerPasses} the forward passes.
     */
    record Outcome<O>(List<DeadLetter<O>> dead, int folded, int duplicates, int users, int videos, int writes, int towerPasses) {}

    /**
     * @param dedupWindow     how many of the user's last event hashes are kept to drop redelivered events
     * @param maxIdBytes      ids longer than this (UTF-8) are refused before they reach a store key
     * @param maxReplayFactor a watch counts at most this many times the video's duration
     * @param maxWatchSeconds a watch of a video of unknown duration counts at most this long
     * @param parallelism     users (and videos) of one batch read and written at once
     * @param videoStats      whether the fold also writes each video's counters, popularity and trending
     *                        (off where the streaming features job owns them)
     * @param batchesInFlight batches handed over whose writes are not all done yet; the next batch
     *                        waits for the oldest beyond this (1 = a batch is durable before the next is folded)
     */
    record FoldLimits(int dedupWindow, int maxIdBytes, double maxReplayFactor, double maxWatchSeconds, int parallelism, boolean videoStats,
                      int batchesInFlight) {
        FoldLimits {
            if (batchesInFlight < 1) throw new IllegalArgumentException("batches-in-flight must be >= 1");
            if (dedupWindow < 1) throw new IllegalArgumentException("dedup-window must be >= 1");
            if (maxIdBytes < 1) throw new IllegalArgumentException("max-id-bytes must be >= 1");
            if (!(maxReplayFactor > 0)) throw new IllegalArgumentException("max-replay-factor must be > 0");
            if (!(maxWatchSeconds > 0)) throw new IllegalArgumentException("max-watch-seconds must be > 0");
            if (parallelism < 1) throw new IllegalArgumentException("parallelism must be >= 1");
        }
    }

    /**
     * @param durableUsers where the current UserFeatures are read before folding: Cassandra, not the
     *                     cache, which may lag after a failed refresh and would silently drop updates
     * @param videos       where the video's channel, category and duration come from (a cache is fine)
     * @param signals      uploads (subscriptions, fresh lists) and trending counts for the candidate sources
     * @param embedder     the user tower that refreshes UserFeatures.embedding after non-impressions
     * @param active       where users are marked active on the processing day (re-embedded after a rollout)
     */
    FeatureRefresher(FeatureStore durableUsers, FeatureStore videos, FeatureWriter writer, RetrievalSignalWriter signals,
                     UserEmbedder embedder, UserFeatureUpdater updater, EngagementWeights weights, StoreRetry retry,
                     ActiveUsers active, Clock clock, FoldLimits limits) {
        this.durableUsers = durableUsers;
        this.videos = videos;
        this.writer = writer;
        this.signals = signals;
        this.embedder = embedder;
        this.updater = updater;
        this.weights = weights;
        this.retry = retry;
        this.active = active;
        this.clock = clock;
        this.limits = limits;
        this.chains = new UserWriteChains(limits.parallelism());
        this.inFlight = new java.util.concurrent.Semaphore(limits.batchesInFlight());
    }

    /** Why the event can never be applied, if it cannot (such events are dead-lettered, not retried). */
    Optional<String> problem(Interaction e) {
        if (e.getUserId().isBlank()) return Optional.of("interaction without userId");
        if (e.getAction() == Action.action_unspecified || e.getAction() == Action.UNRECOGNIZED) return Optional.of("interaction without a known action");
        Optional<String> tooLong = overlongId("userId", e.getUserId()).or(() -> overlongId("videoId", e.getVideoId()))
                .or(() -> overlongId("channelId", e.getChannelId()));
        if (tooLong.isPresent()) return tooLong;
        if (!Double.isFinite(e.getWatchSeconds()) || e.getWatchSeconds() < 0) return Optional.of("watchSeconds " + e.getWatchSeconds() + " is not a finite number >= 0");
        return Optional.empty();
    }

    Optional<String> problem(VideoPublished v) {
        if (v.getVideoId().isBlank()) return Optional.of("video.published without videoId");
        return overlongId("videoId", v.getVideoId()).or(() -> overlongId("channelId", v.getChannelId()));
    }

    /** Why an id would be refused as a store key, if it would. */
    private Optional<String> overlongId(String field, String id) {
        int bytes = id.getBytes(StandardCharsets.UTF_8).length;
        return bytes > limits.maxIdBytes()
                ? Optional.of(field + " of " + bytes + " bytes exceeds the limit of " + limits.maxIdBytes()) : Optional.empty();
    }

    /** @return why the store refused the video for good, if it did (outages are retried until they end) */
    Optional<String> apply(VideoPublished video) {
        if (videos instanceof VideoMetadataCache cache) cache.invalidate(video.getVideoId());
        try {
            retry.run("upsert of video " + video.getVideoId(), () -> writer.upsertVideo(video));
            retry.run("uploads of video " + video.getVideoId(), () -> signals.recordUpload(video));
            return Optional.empty();
        } catch (RuntimeException e) {
            if (!StoreFailures.isPermanent(e)) throw e;
            return Optional.of("the store refused video " + video.getVideoId() + ": " + e.getMessage());
        }
    }

    /**
     * A poll batch of videos, written {@code parallelism} at a time: one after another they cost a
     * few round trips each, which held the video fold at ~100 videos/s.
     *
     * @return why the store refused a video for good, by video id (outages are retried until they end)
     */
    Map<String, String> applyVideos(List<VideoPublished> videos) {
        var refused = new ConcurrentHashMap<String, String>();
        UserLanes.run(videos, limits.parallelism(), v -> apply(v).ifPresent(why -> refused.put(v.getVideoId(), why)));
        return refused;
    }

    /** A batch of one (tests, and deliveries that come one at a time). */
    <O> Outcome<O> apply(Interaction e, long eventHash, O origin) {
        return apply(List.of(new Folding<>(e, eventHash, origin)));
    }

    /**
     * Folds a batch and writes its effect; returns once every write is done. Throws only when a store
     * stays unavailable beyond the retry policy, in which case nothing of the batch may be acknowledged.
     */
    <O> Outcome<O> apply(List<Folding<O>> batch) {
        return await(submit(batch));
    }

    /** The result of a submitted batch, its failure rethrown as it was raised (not wrapped). */
    static <T> T await(CompletableFuture<T> durable) {
        try {
            return durable.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            if (e.getCause() instanceof Error err) throw err;
            throw e;
        }
    }

    /**
     * Folds a batch (any order of users; each user's events in log order) and hands its writes over.
     * Returns once the batch is folded and the next may be submitted (waiting first while
     * {@code batchesInFlight} earlier batches are not durable); the future completes once every
     * write of the batch is done (with the outcome), or fails when a store stays unavailable beyond
     * the retry policy, in which case nothing of the batch may be acknowledged. A read that fails so
     * is thrown at once. Submitted batches must come one at a time, in log order.
     *
     * <p>A redelivered event (same CloudEvent source and id) whose user fold is already stored
     * changes nothing: the user's features keep the hashes of their last folded events. Counters
     * are written before the users, so only a crash between the two can count a batch's counters
     * twice; never can an acknowledged event be lost.
     */
    synchronized <O> CompletableFuture<Outcome<O>> submit(List<Folding<O>> batch) {
        if (stopping) return CompletableFuture.failedFuture(new ShuttingDown());
        inFlight.acquireUninterruptibly();
        if (stopping) {
            inFlight.release();
            return CompletableFuture.failedFuture(new ShuttingDown());
        }
        try {
            CompletableFuture<Outcome<O>> durable = foldAndWrite(batch);
            durable.whenComplete((o, e) -> inFlight.release());
            return durable;
        } catch (RuntimeException | Error e) {
            inFlight.release();
            throw e;
        }
    }

    /** Thrown (as a batch's failure) for a batch submitted after {@link #drain} began: it was not folded. */
    static final class ShuttingDown extends IllegalStateException {
        ShuttingDown() {
            super("shutting down: the batch was not folded (it is redelivered to the next consumer)");
        }
    }

    /**
     * For a shutdown, before the store sessions close: takes no batch from now on, waits up to
     * {@code timeout} for the batches in flight to be durable, then makes every write still
     * retrying (a store outage) give up. A batch that gives up fails and is not acknowledged, so
     * it is redelivered to the next consumer; without this, its writes would retry against a closed
     * session until the process exits.
     *
     * @return whether every batch handed over was durable within {@code timeout}
     */
    boolean drain(Duration timeout) throws InterruptedException {
        stopping = true;
        int all = limits.batchesInFlight();
        boolean drained = inFlight.tryAcquire(all, timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        if (drained) inFlight.release(all);
        retry.stop();
        return drained;
    }

    boolean stopping() {
        return stopping;
    }

    private <O> CompletableFuture<Outcome<O>> foldAndWrite(List<Folding<O>> batch) {
        var dead = Collections.synchronizedList(new ArrayList<DeadLetter<O>>());
        var byUser = new LinkedHashMap<String, List<Folding<O>>>();
        for (Folding<O> f : batch) {
            Optional<String> problem = problem(f.event());
            if (problem.isPresent()) dead.add(new DeadLetter<>(f.origin(), problem.get()));
            else byUser.computeIfAbsent(f.event().getUserId(), k -> new ArrayList<>()).add(f);
        }
        if (byUser.isEmpty()) return CompletableFuture.completedFuture(new Outcome<>(List.copyOf(dead), 0, 0, 0, 0, 0, 0));

        // Reads: one per user (durable) unless an earlier batch's write of the user is still in
        // flight: then that batch's result is the user's state. One multi-read for every video (cached).
        var stored = new ConcurrentHashMap<String, UserFeatures>();
        UserLanes.run(byUser.keySet(), limits.parallelism(), userId -> {
            Optional<UserFeatures> pending = chains.pending(userId);
            if (pending.isPresent()) {
                stored.put(userId, pending.get());
                return;
            }
            try {
                stored.put(userId, retry.call("read of user " + userId,
                        () -> durableUsers.user(userId).orElse(UserFeatures.getDefaultInstance())));
            } catch (RuntimeException e) {
                if (!StoreFailures.isPermanent(e)) throw e;
                for (Folding<O> f : byUser.get(userId)) dead.add(new DeadLetter<>(f.origin(), "user " + userId + " cannot be read: " + e.getMessage()));
            }
        });
        var videoIds = new LinkedHashSet<String>();
        for (var events : byUser.values()) for (Folding<O> f : events) if (!f.event().getVideoId().isBlank()) videoIds.add(f.event().getVideoId());
        Map<String, VideoFeatures> known = videoIds.isEmpty() ? Map.of() : retry.call("read of " + videoIds.size() + " videos", () -> videos.videoMetadata(videoIds));

        // The fold itself: pure, in memory.
        var plans = new LinkedHashMap<String, UserPlan<O>>();
        var videoEffects = new LinkedHashMap<String, VideoEffect<O>>();
        int folded = 0, duplicates = 0;
        for (var entry : byUser.entrySet()) {
            UserFeatures stored0 = stored.get(entry.getKey());
            if (stored0 == null) continue; // unreadable user: dead-lettered above
            // One builder per user and batch: the user's events fold into it without a message per event.
            UserFeatures.Builder state = stored0.toBuilder();
            var plan = new UserPlan<O>();
            for (Folding<O> f : entry.getValue()) {
                if (alreadyApplied(state, f)) {
                    duplicates++;
                    continue;
                }
                VideoFeatures video = known.get(f.event().getVideoId());
                Interaction e = clampWatch(f.event(), video);
                if (limits.videoStats()) addVideoEffect(videoEffects, e, f.origin());
                updater.applyTo(state, e, video);
                remember(state, f);
                plan.origins.add(f.origin());
                // Impressions say little about taste and are the bulk of the traffic: no inference for them.
                if (e.getAction() != Action.impression) plan.embed = true;
                // The updater put this interaction at the head of `recent` (channel, category, watch ratio filled in).
                if (!e.getVideoId().isBlank() && e.getAction() != Action.impression && state.getRecentCount() > 0) {
                    plan.history.add(state.getRecent(0));
                }
                folded++;
            }
            if (!plan.origins.isEmpty()) {
                plan.features = state.build();
                plans.put(entry.getKey(), plan);
            }
        }

        // One forward pass for every user whose taste changed.
        var toEmbed = new ArrayList<UserPlan<O>>();
        for (UserPlan<O> p : plans.values()) if (p.embed) toEmbed.add(p);
        int towerPasses = 0;
        if (!toEmbed.isEmpty() && embedder.version().isPresent()) {
            List<UserFeatures> embedded = embedder.embedAll(toEmbed.stream().map(p -> p.features).toList());
            for (int i = 0; i < toEmbed.size(); i++) toEmbed.get(i).features = embedded.get(i);
            towerPasses = 1;
        }

        // Writes, handed over: every video once (in any order), then every user once, after the
        // batch's videos and after the user's own earlier writes.
        var writes = new ArrayList<CompletableFuture<Integer>>(videoEffects.size() + plans.size());
        for (var v : videoEffects.entrySet()) {
            writes.add(chains.unordered(() -> {
                try {
                    return writeVideo(v.getKey(), v.getValue());
                } catch (RuntimeException e) {
                    if (!StoreFailures.isPermanent(e)) throw e;
                    for (O origin : v.getValue().origins) {
                        dead.add(new DeadLetter<>(origin, "the store refused the counters of video " + v.getKey()
                                + " (the user's features may hold the event): " + e.getMessage()));
                    }
                    return 0;
                }
            }));
        }
        CompletableFuture<Void> videosWritten = CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new));
        LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
        for (var u : plans.entrySet()) {
            writes.add(chains.then(u.getKey(), u.getValue().features, videosWritten, () -> {
                try {
                    return writeUser(u.getKey(), u.getValue(), today);
                } catch (RuntimeException e) {
                    if (!StoreFailures.isPermanent(e)) throw e;
                    for (O origin : u.getValue().origins) dead.add(new DeadLetter<>(origin, "the store refused user " + u.getKey() + ": " + e.getMessage()));
                    return 0;
                }
            }));
        }
        int users = plans.size(), videoCount = videoEffects.size(), passes = towerPasses, foldedEvents = folded, duplicateEvents = duplicates;
        // allOf completes only once every write has ended, so no write is left running behind a failed batch.
        return CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).thenApply(ignored -> {
            int statements = writes.stream().mapToInt(CompletableFuture::join).sum();
            return new Outcome<>(List.copyOf(dead), foldedEvents, duplicateEvents, users, videoCount, statements, passes);
        });
    }

    private static final class UserPlan<O> {
        final List<O> origins = new ArrayList<>();
        final List<HistoryEntry> history = new ArrayList<>();
        boolean embed;
        UserFeatures features;
    }

    /** A video's share of a batch: summed counters and engagement per popularity scope. */
    private static final class VideoEffect<O> {
        final List<O> origins = new ArrayList<>();
        VideoStatsDelta delta = VideoStatsDelta.NONE;
        final Map<String, Double> engagement = new HashMap<>();
    }

    private <O> void addVideoEffect(Map<String, VideoEffect<O>> effects, Interaction e, O origin) {
        if (e.getVideoId().isBlank()) return;
        VideoStatsDelta delta = VideoStatsDelta.of(e);
        double weight = weights.of(e);
        if (delta.isEmpty() && weight == 0) return;
        VideoEffect<O> effect = effects.computeIfAbsent(e.getVideoId(), k -> new VideoEffect<>());
        effect.origins.add(origin);
        effect.delta = effect.delta.plus(delta);
        if (weight != 0) {
            effect.engagement.merge(Popularity.GLOBAL, weight, Double::sum);
            if (!e.getRegion().isBlank()) effect.engagement.merge(e.getRegion(), weight, Double::sum);
        }
    }

    private int writeVideo(String videoId, VideoEffect<?> effect) {
        int writes = 0;
        if (!effect.delta.isEmpty()) {
            retry.run("counters of video " + videoId, () -> writer.addVideoStats(videoId, effect.delta));
            writes++;
        }
        for (var scoped : effect.engagement.entrySet()) {
            double w = scoped.getValue();
            if (w == 0) continue;
            retry.run("popularity of video " + videoId, () -> writer.addPopularity(videoId, w, scoped.getKey()));
            retry.run("trending of video " + videoId, () -> signals.addTrending(videoId, w, scoped.getKey()));
            writes++;
        }
        return writes;
    }

    private int writeUser(String userId, UserPlan<?> plan, LocalDate today) {
        retry.run("features of user " + userId, () -> writer.putUser(plan.features));
        int writes = 1;
        // After the features: a rollout's re-embedding that reads this mark finds them stored.
        retry.run("activity of user " + userId, () -> active.markActive(userId, today));
        if (!plan.history.isEmpty()) {
            retry.run("history of user " + userId, () -> writer.appendHistory(userId, plan.history));
            writes++;
        }
        return writes;
    }

    /** A watch counts at most the video's duration times the replay factor, or the ceiling when the duration is unknown. */
    private Interaction clampWatch(Interaction e, VideoFeatures video) {
        double limit = video != null && video.getDurationSeconds() > 0
                ? video.getDurationSeconds() * limits.maxReplayFactor() : limits.maxWatchSeconds();
        return e.getWatchSeconds() > limit ? e.toBuilder().setWatchSeconds(limit).build() : e;
    }

    /** A redelivered record (at or below the user's last folded offset of its partition), or an event id seen lately. */
    private static boolean alreadyApplied(UserFeaturesOrBuilder state, Folding<?> f) {
        if (f.partition() >= 0 && f.offset() >= 0 && f.offset() <= state.getAppliedOffsetsOrDefault(f.partition(), -1L)) return true;
        return state.getAppliedEventHashesList().contains(f.hash());
    }

    private void remember(UserFeatures.Builder b, Folding<?> f) {
        List<Long> kept = b.getAppliedEventHashesList();
        if (kept.size() + 1 > limits.dedupWindow()) {
            var last = new ArrayList<>(kept.subList(kept.size() + 1 - limits.dedupWindow(), kept.size()));
            b.clearAppliedEventHashes().addAllAppliedEventHashes(last);
        }
        b.addAppliedEventHashes(f.hash());
        if (f.partition() >= 0 && f.offset() >= 0) b.putAppliedOffsets(f.partition(), f.offset());
    }

    /** 64 bits of SHA-256 over source and id: collisions among a user's last few hundred events are negligible. */
    static long eventHash(String source, String id) {
        try {
            byte[] d = java.security.MessageDigest.getInstance("SHA-256")
                    .digest((source + "\n" + id).getBytes(StandardCharsets.UTF_8));
            return java.nio.ByteBuffer.wrap(d).getLong();
        } catch (java.security.NoSuchAlgorithmException ex) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", ex);
        }
    }
}
