package dev.reelrank.functions.embeddingrefresh;

import dev.reelrank.model.ActiveUsers;
import dev.reelrank.model.EngagementWeights;
import dev.reelrank.model.FeatureStore;
import dev.reelrank.model.FeatureWriter;
import dev.reelrank.model.Popularity;
import dev.reelrank.model.RetrievalSignalWriter;
import dev.reelrank.model.UserFeatureUpdater;
import dev.reelrank.model.VideoStatsDelta;
import dev.reelrank.proto.v1.Action;
import dev.reelrank.proto.v1.Interaction;
import dev.reelrank.proto.v1.UserFeatures;
import dev.reelrank.proto.v1.VideoFeatures;
import dev.reelrank.proto.v1.VideoPublished;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What one event changes in the feature store. Interactions of one user arrive in order on one
 * partition and are applied one at a time, so the user's read-modify-write is safe.
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
    private final int dedupWindow;

    /**
     * @param durableUsers where the current UserFeatures are read before folding: Cassandra, not the
     *                     cache, which may lag after a failed refresh and would silently drop updates
     * @param videos       where the video's channel, category and duration come from (a cache is fine)
     * @param signals      uploads (subscriptions, fresh lists) and trending counts for the candidate sources
     * @param embedder     the user tower that refreshes UserFeatures.embedding after each non-impression
     * @param dedupWindow  how many of the user's last event hashes are kept to drop redelivered events
     * @param active       where users are marked active on the processing day (re-embedded after a rollout)
     */
    FeatureRefresher(FeatureStore durableUsers, FeatureStore videos, FeatureWriter writer, RetrievalSignalWriter signals,
                     UserEmbedder embedder, UserFeatureUpdater updater, EngagementWeights weights, StoreRetry retry,
                     ActiveUsers active, Clock clock, int dedupWindow) {
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
        if (dedupWindow < 1) throw new IllegalArgumentException("dedup-window must be >= 1");
        this.dedupWindow = dedupWindow;
    }

    /** Why the event cannot be applied, if it cannot (such records are skipped, not retried). */
    static Optional<String> problem(Interaction e) {
        if (e.getUserId().isBlank()) return Optional.of("interaction without userId");
        if (e.getAction() == Action.action_unspecified || e.getAction() == Action.UNRECOGNIZED) return Optional.of("interaction without a known action");
        return Optional.empty();
    }

    static Optional<String> problem(VideoPublished v) {
        return v.getVideoId().isBlank() ? Optional.of("video.published without videoId") : Optional.empty();
    }

    void apply(VideoPublished video) {
        retry.run("upsert of video " + video.getVideoId(), () -> writer.upsertVideo(video));
        retry.run("uploads of video " + video.getVideoId(), () -> signals.recordUpload(video));
    }

    /**
     * A redelivered event (same CloudEvent source and id) whose user fold is already stored changes
     * nothing: the user's features keep the hashes of their last folded events. The check comes
     * first, so video counters are skipped too; only a crash between the counters and the user
     * write can still count an event's counters twice.
     */
    void apply(Interaction e, long eventHash) {
        String videoId = e.getVideoId();
        boolean hasVideo = !videoId.isBlank();

        var current = new AtomicReference<UserFeatures>();
        var video = new AtomicReference<VideoFeatures>();
        retry.run("read of user " + e.getUserId(), () -> {
            current.set(durableUsers.user(e.getUserId()).orElse(UserFeatures.getDefaultInstance()));
            video.set(hasVideo ? videos.videos(List.of(videoId)).get(videoId) : null);
        });
        if (current.get().getAppliedEventHashesList().contains(eventHash)) return;

        VideoStatsDelta delta = VideoStatsDelta.of(e);
        if (hasVideo && !delta.isEmpty()) retry.run("counters of video " + videoId, () -> writer.addVideoStats(videoId, delta));

        double weight = weights.of(e);
        if (hasVideo && weight != 0) {
            String[] scopes = e.getRegion().isBlank() ? new String[] {Popularity.GLOBAL} : new String[] {Popularity.GLOBAL, e.getRegion()};
            retry.run("popularity of video " + videoId, () -> writer.addPopularity(videoId, weight, scopes));
            retry.run("trending of video " + videoId, () -> signals.addTrending(videoId, weight, scopes));
        }

        UserFeatures folded = remember(updater.apply(current.get(), e, video.get()), eventHash);
        // Impressions say little about taste and are the bulk of the traffic: no inference for them.
        UserFeatures updated = e.getAction() == Action.impression ? folded : embedder.embed(folded);
        retry.run("features of user " + e.getUserId(), () -> writer.putUser(updated));
        // After the features: a rollout's re-embedding that reads this mark finds them stored.
        retry.run("activity of user " + e.getUserId(), () -> active.markActive(e.getUserId(), LocalDate.now(clock.withZone(ZoneOffset.UTC))));

        // The updater put this interaction at the head of `recent` (channel, category, watch ratio filled in).
        if (hasVideo && e.getAction() != Action.impression && updated.getRecentCount() > 0) {
            var entry = updated.getRecent(0);
            retry.run("history of user " + e.getUserId(), () -> writer.appendHistory(e.getUserId(), entry));
        }
    }

    private UserFeatures remember(UserFeatures user, long eventHash) {
        List<Long> kept = user.getAppliedEventHashesList();
        int drop = Math.max(0, kept.size() + 1 - dedupWindow);
        return user.toBuilder().clearAppliedEventHashes().addAllAppliedEventHashes(kept.subList(drop, kept.size()))
                .addAppliedEventHashes(eventHash).build();
    }

    /** 64 bits of SHA-256 over source and id: collisions among a user's last few hundred events are negligible. */
    static long eventHash(String source, String id) {
        try {
            byte[] d = java.security.MessageDigest.getInstance("SHA-256")
                    .digest((source + "\n" + id).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return java.nio.ByteBuffer.wrap(d).getLong();
        } catch (java.security.NoSuchAlgorithmException ex) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", ex);
        }
    }
}
