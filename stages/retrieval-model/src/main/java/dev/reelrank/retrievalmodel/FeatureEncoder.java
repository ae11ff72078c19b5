package dev.reelrank.retrievalmodel;

import dev.reelrank.model.RequestContext;
import dev.reelrank.proto.v1.HistoryEntry;
import dev.reelrank.proto.v1.UserFeatures;
import dev.reelrank.proto.v1.VideoFeatures;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Turns the online feature messages into tower inputs. Training encodes the very same messages
 * (user state folded from the log by {@code UserFeatureUpdater}), so serving and training cannot
 * disagree about what a feature means. Immutable, so thread-safe.
 */
public final class FeatureEncoder {
    private final ModelConfig config;
    private final Vocabularies vocab;

    public FeatureEncoder(ModelConfig config, Vocabularies vocab) {
        this.config = config;
        this.vocab = vocab;
    }

    public ModelConfig config() {
        return config;
    }

    public Vocabularies vocabularies() {
        return vocab;
    }

    /**
     * @param ctx the request's context; its device and region win over the user's last known ones
     *            (they describe this very request)
     */
    public EncodedUser encodeUser(UserFeatures user, RequestContext ctx) {
        int h = config.historyLength();
        int[] hist = new int[h];
        float[] histW = new float[h];
        int k = 0;
        for (HistoryEntry e : user.getRecentList()) {     // newest first
            if (k == h) break;
            float w = HistoryWeighting.weight(e);
            if (w <= 0 || e.getVideoId().isEmpty()) continue;
            hist[k] = vocab.videos().id(e.getVideoId());
            histW[k] = w;
            k++;
        }
        int[] ch = new int[config.channelAffinities()];
        float[] chW = new float[ch.length];
        topPositive(user.getChannelAffinityMap(), vocab.channels(), ch, chW);
        int[] cat = new int[config.categoryAffinities()];
        float[] catW = new float[cat.length];
        topPositive(user.getCategoryAffinityMap(), vocab.categories(), cat, catW);

        String region = ctx != null && ctx.region() != null && !ctx.region().isEmpty() ? ctx.region() : user.getHomeRegion();
        String device = ctx != null && ctx.device() != null && !ctx.device().isEmpty() ? ctx.device() : user.getLastDevice();
        return new EncodedUser(hist, histW, ch, chW, cat, catW, vocab.regions().id(region), vocab.devices().id(device));
    }

    /**
     * Strongest positive affinities first (ties by key, for determinism); weights are the
     * affinities divided by the strongest one, so the pool is scale-free.
     */
    private static void topPositive(Map<String, Double> affinity, Vocabulary v, int[] ids, float[] weights) {
        if (affinity.isEmpty()) return;
        List<Map.Entry<String, Double>> entries = new ArrayList<>(affinity.size());
        for (var e : affinity.entrySet()) if (e.getValue() > 0) entries.add(e);
        entries.sort(Map.Entry.<String, Double>comparingByValue(Comparator.reverseOrder()).thenComparing(Map.Entry.comparingByKey()));
        if (entries.isEmpty()) return;
        double max = entries.getFirst().getValue();
        for (int i = 0; i < ids.length && i < entries.size(); i++) {
            ids[i] = v.id(entries.get(i).getKey());
            weights[i] = (float) (entries.get(i).getValue() / max);
        }
    }

    /** @param asOf the moment the video is looked at, for its age; null = unknown age */
    public EncodedVideo encodeVideo(VideoFeatures v, Instant asOf) {
        long published = v.hasPublishedAt()
                ? v.getPublishedAt().getSeconds() * 1000 + v.getPublishedAt().getNanos() / 1_000_000
                : Long.MIN_VALUE;
        return encodeVideo(v, published, asOf);
    }

    public EncodedVideo encodeVideo(VideoFeatures v, long publishedAtMs, Instant asOf) {
        int[] tags = new int[config.maxTags()];
        int t = 0;
        for (String tag : v.getTagsList()) {
            if (t == tags.length) break;
            if (tag.isBlank()) continue;
            tags[t++] = TagHasher.bucket(tag, config.tagBuckets());
        }
        return new EncodedVideo(vocab.videos().id(v.getVideoId()), vocab.channels().id(v.getChannelId()),
                vocab.categories().id(v.getCategory()), tags, vocab.languages().id(v.getLanguage()),
                Buckets.duration(v.getDurationSeconds()), Buckets.age(publishedAtMs, asOf));
    }
}
