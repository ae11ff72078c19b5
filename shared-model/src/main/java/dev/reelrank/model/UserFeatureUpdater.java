package dev.reelrank.model;

import com.google.protobuf.Timestamp;
import dev.reelrank.proto.v1.Action;
import dev.reelrank.proto.v1.HistoryEntry;
import dev.reelrank.proto.v1.Interaction;
import dev.reelrank.proto.v1.NotInterestedTarget;
import dev.reelrank.proto.v1.UserFeatures;
import dev.reelrank.proto.v1.VideoFeatures;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Folds one interaction into a user's online features. Pure and deterministic, so the
 * streaming job, the offline pipeline and tests all compute the same state from the same
 * events.
 *
 * @param recentLimit       how many interactions {@code recent} keeps
 * @param watchedLimit      how many watched video ids the "already watched" filter remembers
 * @param suppressLimit     how many not-interested videos/channels are remembered
 * @param affinityDecay     multiplier applied to all affinities before each update, so old
 *                          tastes fade (0.99 ≈ half-life of 70 interactions)
 * @param affinityMaxKeys   affinities beyond this many keys drop their weakest entry
 * @param fatigue           how impressions and plays are tallied for impression fatigue (its window
 *                          and limit; the threshold is the feed's)
 */
public record UserFeatureUpdater(int recentLimit, int watchedLimit, int suppressLimit, double affinityDecay,
                                 int affinityMaxKeys, EngagementWeights weights, ImpressionFatigue fatigue) {

    public static final UserFeatureUpdater DEFAULTS =
            new UserFeatureUpdater(50, 1000, 500, 0.99, 50, EngagementWeights.DEFAULTS, ImpressionFatigue.DEFAULTS);

    public UserFeatureUpdater {
        java.util.Objects.requireNonNull(fatigue, "fatigue");
    }

    /** With the default fatigue tallies (the offline folds, which do not tune them). */
    public UserFeatureUpdater(int recentLimit, int watchedLimit, int suppressLimit, double affinityDecay,
                              int affinityMaxKeys, EngagementWeights weights) {
        this(recentLimit, watchedLimit, suppressLimit, affinityDecay, affinityMaxKeys, weights, ImpressionFatigue.DEFAULTS);
    }

    public UserFeatureUpdater withFatigue(ImpressionFatigue fatigue) {
        return new UserFeatureUpdater(recentLimit, watchedLimit, suppressLimit, affinityDecay, affinityMaxKeys, weights, fatigue);
    }

    /** @param video the video's features when known (for channel, category and duration) */
    public UserFeatures apply(UserFeatures current, Interaction e, VideoFeatures video) {
        var b = current.toBuilder();
        applyTo(b, e, video);
        return b.build();
    }

    /**
     * The same fold into a builder: a batch of one user's events then costs one message, not one
     * per event (building and copying the message dominated the fold's CPU).
     */
    public void applyTo(UserFeatures.Builder b, Interaction e, VideoFeatures video) {
        b.setUserId(e.getUserId()).setInteractionCount(b.getInteractionCount() + 1);
        if (!e.getDevice().isEmpty()) b.setLastDevice(e.getDevice());
        if (!e.getRegion().isEmpty() && b.getHomeRegion().isEmpty()) b.setHomeRegion(e.getRegion());
        if (e.hasOccurredAt()) b.setUpdatedAt(e.getOccurredAt());

        String channel = !e.getChannelId().isEmpty() ? e.getChannelId() : video != null ? video.getChannelId() : "";
        String category = video != null ? video.getCategory() : "";

        switch (e.getAction()) {
            case subscribe -> setMembership(b.getSubscribedChannelIdsList(), channel, true, b::clearSubscribedChannelIds, b::addAllSubscribedChannelIds);
            case unsubscribe -> setMembership(b.getSubscribedChannelIdsList(), channel, false, b::clearSubscribedChannelIds, b::addAllSubscribedChannelIds);
            case not_interested -> {
                if (e.getTarget() == NotInterestedTarget.channel) {
                    setMembership(b.getNotInterestedChannelIdsList(), channel, true, b::clearNotInterestedChannelIds, b::addAllNotInterestedChannelIds);
                } else {
                    setMembership(b.getNotInterestedVideoIdsList(), e.getVideoId(), true, b::clearNotInterestedVideoIds, b::addAllNotInterestedVideoIds);
                }
            }
            case watch, click -> {
                var watched = new LinkedHashSet<>(b.getWatchedVideoIdsList());
                watched.remove(e.getVideoId());
                watched.add(e.getVideoId());
                b.clearWatchedVideoIds().addAllWatchedVideoIds(keepLast(new ArrayList<>(watched), watchedLimit));
            }
            default -> { }
        }
        fatigue.fold(b, e);

        if (e.getAction() != Action.impression && !e.getVideoId().isEmpty()) {
            double ratio = video != null && video.getDurationSeconds() > 0 ? e.getWatchSeconds() / video.getDurationSeconds() : 0;
            var entry = HistoryEntry.newBuilder().setVideoId(e.getVideoId()).setChannelId(channel).setCategory(category)
                    .setAction(e.getAction()).setWatchSeconds(e.getWatchSeconds()).setWatchRatio(ratio)
                    .setAt(e.hasOccurredAt() ? e.getOccurredAt() : Timestamp.getDefaultInstance()).build();
            var recent = new ArrayList<HistoryEntry>(b.getRecentCount() + 1);
            recent.add(entry);
            recent.addAll(b.getRecentList());
            b.clearRecent().addAllRecent(recent.subList(0, Math.min(recent.size(), recentLimit)));
        }

        double w = weights.of(e);
        if (w != 0) {
            if (!channel.isEmpty()) {
                Map<String, Double> next = decayAndAdd(b.getChannelAffinityMap(), channel, w);
                b.clearChannelAffinity().putAllChannelAffinity(next);
            }
            if (!category.isEmpty()) {
                Map<String, Double> next = decayAndAdd(b.getCategoryAffinityMap(), category, w);
                b.clearCategoryAffinity().putAllCategoryAffinity(next);
            }
        }
    }

    private void setMembership(List<String> current, String id, boolean member,
                               Runnable clear, java.util.function.Consumer<Iterable<String>> addAll) {
        if (id.isEmpty()) return;
        var set = new LinkedHashSet<>(current);
        set.remove(id);
        if (member) set.add(id);
        clear.run();
        addAll.accept(keepLast(new ArrayList<>(set), suppressLimit));
    }

    private Map<String, Double> decayAndAdd(Map<String, Double> current, String key, double w) {
        var next = new java.util.HashMap<String, Double>(current.size() + 1);
        current.forEach((k, v) -> next.put(k, v * affinityDecay));
        next.merge(key, w, Double::sum);
        while (next.size() > affinityMaxKeys) {
            String weakest = next.entrySet().stream().min(Map.Entry.comparingByValue()).orElseThrow().getKey();
            next.remove(weakest);
        }
        return next;
    }

    private static List<String> keepLast(List<String> list, int limit) {
        return list.size() <= limit ? list : list.subList(list.size() - limit, list.size());
    }
}
