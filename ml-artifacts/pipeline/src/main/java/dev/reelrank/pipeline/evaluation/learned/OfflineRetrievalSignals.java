package dev.reelrank.pipeline.evaluation.learned;

import dev.reelrank.model.Popularity;
import dev.reelrank.model.Popularity.ScoredVideo;
import dev.reelrank.model.RetrievalSignals;
import dev.reelrank.pipeline.datasets.Dataset;
import dev.reelrank.pipeline.evaluation.TrainingData;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The evaluator's {@link RetrievalSignals}: what embedding-refresh would have written to the
 * feature store had it consumed exactly the training events and the uploads published by the
 * split time. Trending is training engagement in the trending window before the split time (the
 * whole training split when the data has no times); channel and fresh lists are the videos
 * published at or before the split time, newest first (videos without a publish time have no
 * place in a "newest uploads" list and are left out of them).
 */
public final class OfflineRetrievalSignals implements RetrievalSignals {
    private final Popularity trending;
    private final Map<String, List<Upload>> byChannel = new HashMap<>();
    private final Map<FreshScope, Map<String, List<Upload>>> fresh = new HashMap<>();

    /**
     * @param trending     windowed popularity (per region and {@link Popularity#GLOBAL})
     * @param channelKept  newest uploads kept per channel (the store's channel-uploads-kept)
     * @param freshKept    newest uploads kept per fresh list (the store's fresh-kept)
     */
    public OfflineRetrievalSignals(TrainingData train, Popularity trending, int channelKept, int freshKept) {
        this.trending = trending;
        Dataset d = train.data;
        long now = train.split.now();
        var published = new ArrayList<Integer>();
        for (int v = 0; v < d.videoCount(); v++) {
            long t = d.videoPublished[v];
            if (t != Dataset.NO_TIME && (now == Dataset.NO_TIME || t <= now)) published.add(v);
        }
        published.sort(Comparator.<Integer>comparingLong(v -> d.videoPublished[v]).reversed().thenComparing(v -> v));
        for (FreshScope s : FreshScope.values()) fresh.put(s, new HashMap<>());
        for (int v : published) {
            String channel = d.videoChannel[v] >= 0 ? d.channels.value(d.videoChannel[v]) : null;
            var upload = new Upload(d.videos.value(v), channel, Instant.ofEpochMilli(d.videoPublished[v]));
            if (channel != null) add(byChannel, channel, upload, channelKept);
            if (d.videoCategory[v] >= 0) add(fresh.get(FreshScope.CATEGORY), d.categories.value(d.videoCategory[v]), upload, freshKept);
            if (d.videoLanguage[v] >= 0) add(fresh.get(FreshScope.LANGUAGE), d.languages.value(d.videoLanguage[v]), upload, freshKept);
            if (d.videoRegion[v] >= 0) add(fresh.get(FreshScope.REGION), d.regions.value(d.videoRegion[v]), upload, freshKept);
        }
    }

    private static void add(Map<String, List<Upload>> lists, String key, Upload u, int keep) {
        List<Upload> list = lists.computeIfAbsent(key, k -> new ArrayList<>());
        if (list.size() < keep) list.add(u);
    }

    @Override
    public List<ScoredVideo> trending(String region, int n) {
        return trending.top(region, n);
    }

    @Override
    public List<Upload> channelUploads(Collection<String> channelIds, int perChannel) {
        var out = new ArrayList<Upload>();
        for (String c : channelIds) {
            List<Upload> list = byChannel.getOrDefault(c, List.of());
            out.addAll(list.subList(0, Math.min(perChannel, list.size())));
        }
        out.sort(Comparator.comparing(Upload::publishedAt).reversed());
        return out;
    }

    @Override
    public List<Upload> fresh(FreshScope scope, String value, int n) {
        List<Upload> list = fresh.get(scope).getOrDefault(value, List.of());
        return list.subList(0, Math.min(n, list.size()));
    }
}
