package dev.reelrank.pipeline.evaluation;

import dev.reelrank.model.FeatureStore;
import dev.reelrank.model.UserFeatureUpdater;
import dev.reelrank.pipeline.datasets.Dataset;
import dev.reelrank.proto.v1.UserFeatures;
import dev.reelrank.proto.v1.VideoFeatures;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The evaluator's {@link FeatureStore}: user features are the product's own fold
 * ({@link UserFeatureUpdater}) over the user's training rows only; video features are the
 * catalogue plus training counters. Not a stand-in for the online store: it is what the online
 * store would hold at the split time had it consumed exactly the training events.
 */
public final class OfflineFeatureStore implements FeatureStore {
    private final TrainingData train;
    private final UserFeatureUpdater updater;
    /** The evaluator asks for one user several times in a row on one thread. */
    private final ThreadLocal<UserFeatures> last = new ThreadLocal<>();

    /** Catalogue entry plus training counters of every video, built once (they never change during a run). */
    private final VideoFeatures[] videoFeatures;

    public OfflineFeatureStore(TrainingData train, UserFeatureUpdater updater) {
        this.train = train;
        this.updater = updater;
        videoFeatures = new VideoFeatures[train.data.videoCount()];
        for (int v = 0; v < videoFeatures.length; v++) videoFeatures[v] = build(v);
    }

    @Override
    public Optional<UserFeatures> user(String userId) {
        UserFeatures cached = last.get();
        if (cached != null && cached.getUserId().equals(userId)) return Optional.of(cached);
        Dataset d = train.data;
        int u = d.users.find(userId);
        if (u < 0 || train.trainRowsOf(u) == 0) return Optional.empty();
        UserFeatures f = UserFeatures.newBuilder().setUserId(userId).build();
        if (d.userRegion[u] >= 0) f = f.toBuilder().setHomeRegion(d.regions.value(d.userRegion[u])).build();
        for (int k = train.start[u]; k < train.start[u + 1]; k++) {
            int row = train.rows[k];
            f = updater.apply(f, d.interaction(row), d.video[row] < 0 ? null : catalogueEntry(d.video[row]));
        }
        last.set(f);
        return Optional.of(f);
    }

    @Override
    public Map<String, VideoFeatures> videos(Collection<String> videoIds) {
        var out = new HashMap<String, VideoFeatures>(videoIds.size() * 2);
        for (String id : videoIds) {
            int v = train.data.videos.find(id);
            if (v < 0) continue;
            out.put(id, videoFeatures[v]);
        }
        return out;
    }

    VideoFeatures catalogueEntry(int v) {
        return videoFeatures[v];
    }

    private VideoFeatures build(int v) {
        Dataset d = train.data;
        var b = VideoFeatures.newBuilder().setVideoId(d.videos.value(v));
        if (d.videoChannel[v] >= 0) b.setChannelId(d.channels.value(d.videoChannel[v]));
        if (d.videoCategory[v] >= 0) b.setCategory(d.categories.value(d.videoCategory[v]));
        if (d.videoLanguage[v] >= 0) b.setLanguage(d.languages.value(d.videoLanguage[v]));
        if (d.videoTags[v] != null && !d.videoTags[v].isEmpty()) {
            for (String t : d.videoTags[v].split("\\|")) if (!t.isEmpty()) b.addTags(t);
        }
        if (d.videoDuration[v] > 0) b.setDurationSeconds(d.videoDuration[v]);
        if (d.videoRegion[v] >= 0) b.setRegion(d.regions.value(d.videoRegion[v]));
        if (d.videoPublished[v] != Dataset.NO_TIME) b.setPublishedAt(Dataset.timestamp(d.videoPublished[v]));
        return b.setImpressions(train.impressions[v]).setClicks(train.clicks[v]).build();
    }
}
