package dev.reelrank.model;

import dev.reelrank.proto.v1.Action;
import dev.reelrank.proto.v1.Interaction;
import dev.reelrank.proto.v1.NotInterestedTarget;
import dev.reelrank.proto.v1.UserFeatures;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * "Not interested" and "already watched" honoured by the very next feed. The durable record is
 * the user's {@code not_interested_*} and {@code watched_video_ids} lists in {@link UserFeatures},
 * but they are written by the stream consumer, which may be far behind the event; so ingestion
 * also records each suppression here synchronously before it answers, and the feed reads it
 * beside the user's features. Entries
 * expire once the fold has surely caught up, so this store stays small and may lose data
 * without harm: a lost entry only means waiting for the fold.
 *
 * <p>Both calls are asynchronous and fail (never hang) within the adapter's timeout: callers
 * degrade to the folded lists alone.
 */
public interface NegativeFeedback {

    /** Records the suppressions, of any number of users, in as few round trips as the store allows. */
    CompletionStage<Void> record(Collection<Suppression> suppressions);

    /** What the user asked not to see recently; {@link Suppressed#NONE} when nothing is recorded. */
    CompletionStage<Suppressed> suppressed(String userId);

    /** For pipelines without the synchronous path (the offline evaluator): the folded lists alone. */
    NegativeFeedback NONE = new NegativeFeedback() {
        @Override
        public CompletionStage<Void> record(Collection<Suppression> suppressions) {
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletionStage<Suppressed> suppressed(String userId) {
            return CompletableFuture.completedFuture(Suppressed.NONE);
        }
    };

    /** {@code VIDEO} and {@code CHANNEL}: not interested; {@code WATCHED}: a video watched or clicked. */
    enum Target { VIDEO, CHANNEL, WATCHED }

    /** One "not interested" of one user, in a video or in a whole channel, or one video the user has seen. */
    record Suppression(String userId, Target target, String id) {
        public Suppression {
            Objects.requireNonNull(target, "target");
            if (userId == null || userId.isBlank()) throw new IllegalArgumentException("userId is required");
            if (id == null || id.isBlank()) throw new IllegalArgumentException("id is required");
        }

        /**
         * The suppression an interaction asks for, read the way {@link UserFeatureUpdater} folds it
         * (any target but {@code channel} means the video; a watch or click marks the video watched).
         * Empty for other actions, and for a
         * channel target without {@code channelId}: the fold finds that channel from the video's
         * features, which ingestion does not read.
         */
        public static Optional<Suppression> of(Interaction e) {
            if (e.getUserId().isBlank()) return Optional.empty();
            if (e.getAction() == Action.watch || e.getAction() == Action.click) {
                // What the fold adds to watched_video_ids (UserFeatureUpdater), the same actions.
                return e.getVideoId().isBlank() ? Optional.empty() : Optional.of(new Suppression(e.getUserId(), Target.WATCHED, e.getVideoId()));
            }
            if (e.getAction() != Action.not_interested) return Optional.empty();
            if (e.getTarget() == NotInterestedTarget.channel) {
                return e.getChannelId().isBlank() ? Optional.empty()
                        : Optional.of(new Suppression(e.getUserId(), Target.CHANNEL, e.getChannelId()));
            }
            return e.getVideoId().isBlank() ? Optional.empty()
                    : Optional.of(new Suppression(e.getUserId(), Target.VIDEO, e.getVideoId()));
        }
    }

    /** The recent suppressions of one user: not interested in videos and channels, and videos watched. */
    record Suppressed(Set<String> videoIds, Set<String> channelIds, Set<String> watchedVideoIds) {
        public static final Suppressed NONE = new Suppressed(Set.of(), Set.of(), Set.of());

        public Suppressed {
            videoIds = Set.copyOf(videoIds);
            channelIds = Set.copyOf(channelIds);
            watchedVideoIds = Set.copyOf(watchedVideoIds);
        }

        /** Not-interested suppressions only. */
        public Suppressed(Set<String> videoIds, Set<String> channelIds) {
            this(videoIds, channelIds, Set.of());
        }

        public boolean isEmpty() {
            return videoIds.isEmpty() && channelIds.isEmpty() && watchedVideoIds.isEmpty();
        }

        /**
         * The user's features as if the fold had already applied these suppressions: merged into
         * the {@code not_interested_*} and {@code watched_video_ids} lists, so every stage that honours those lists (the sources'
         * exclusions, {@link SeenFilter}, the ranker) honours these the same way.
         */
        public UserFeatures mergedInto(UserFeatures user) {
            if (isEmpty()) return user;
            var videos = new LinkedHashSet<>(videoIds);
            user.getNotInterestedVideoIdsList().forEach(videos::remove);
            var channels = new LinkedHashSet<>(channelIds);
            user.getNotInterestedChannelIdsList().forEach(channels::remove);
            var watched = new LinkedHashSet<>(watchedVideoIds);
            user.getWatchedVideoIdsList().forEach(watched::remove);
            if (videos.isEmpty() && channels.isEmpty() && watched.isEmpty()) return user;
            return user.toBuilder().addAllNotInterestedVideoIds(videos).addAllNotInterestedChannelIds(channels)
                    .addAllWatchedVideoIds(watched).build();
        }
    }
}
