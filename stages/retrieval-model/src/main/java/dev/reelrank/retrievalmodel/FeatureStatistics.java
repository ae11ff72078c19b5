package dev.reelrank.retrievalmodel;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Counts the distribution of every tower input over a stream of encoded examples: category
 * frequencies (with the out-of-vocabulary share) for id features, histograms for buckets and
 * list lengths. The trainer stores the training distribution in metadata.json; a drift monitor
 * can count live encodings with this same class and compare (e.g. PSI per feature).
 * Not thread-safe.
 */
public final class FeatureStatistics {
    /** How many most frequent values of an id feature are listed by name. */
    public static final int TOP_VALUES = 30;

    private final ModelConfig config;
    private final long[] videoId, channel, category, language, region, device, duration, age, tagBucket;
    private final long[] userChannel, userCategory, historyVideo;
    private final long[] historyLength, channelsUsed, categoriesUsed, tagsPerVideo, historyWeight;
    private long users, videos;

    public FeatureStatistics(ModelConfig config, Vocabularies v) {
        this.config = config;
        videoId = new long[v.videos().size()];
        historyVideo = new long[v.videos().size()];
        channel = new long[v.channels().size()];
        userChannel = new long[v.channels().size()];
        category = new long[v.categories().size()];
        userCategory = new long[v.categories().size()];
        language = new long[v.languages().size()];
        region = new long[v.regions().size()];
        device = new long[v.devices().size()];
        duration = new long[Buckets.DURATION_BUCKETS];
        age = new long[Buckets.AGE_BUCKETS];
        tagBucket = new long[config.tagBuckets()];
        historyLength = new long[config.historyLength() + 1];
        channelsUsed = new long[config.channelAffinities() + 1];
        categoriesUsed = new long[config.categoryAffinities() + 1];
        tagsPerVideo = new long[config.maxTags() + 1];
        historyWeight = new long[10];
    }

    public void observe(EncodedUser u) {
        users++;
        int h = 0;
        for (int i = 0; i < u.history().length; i++) {
            float w = u.historyWeights()[i];
            if (w == 0f) continue;
            h++;
            historyVideo[u.history()[i]]++;
            historyWeight[Math.min(9, (int) (w * 10))]++;
        }
        historyLength[h]++;
        int c = 0;
        for (int i = 0; i < u.channels().length; i++) if (u.channelWeights()[i] != 0f) { c++; userChannel[u.channels()[i]]++; }
        channelsUsed[c]++;
        int k = 0;
        for (int i = 0; i < u.categories().length; i++) if (u.categoryWeights()[i] != 0f) { k++; userCategory[u.categories()[i]]++; }
        categoriesUsed[k]++;
        region[u.region()]++;
        device[u.device()]++;
    }

    public void observe(EncodedVideo v) {
        videos++;
        videoId[v.id()]++;
        channel[v.channel()]++;
        category[v.category()]++;
        language[v.language()]++;
        duration[v.durationBucket()]++;
        age[v.ageBucket()]++;
        int t = 0;
        for (int tag : v.tags()) if (tag != 0) { t++; tagBucket[tag]++; }
        tagsPerVideo[t]++;
    }

    /** JSON-ready summary: per feature its kind, count and frequencies/histogram. */
    public Map<String, Object> summary(Vocabularies v) {
        var out = new LinkedHashMap<String, Object>();
        out.put("note", "user features are counted once per training example (the state before the positive); "
                + "video features once per positive example, at the event time");
        out.put("user.history_video_id", categorical(historyVideo, v.videos()));
        out.put("user.history_length", histogram(historyLength, null));
        out.put("user.history_weight", histogram(historyWeight, new String[] {
            "[0,0.1)", "[0.1,0.2)", "[0.2,0.3)", "[0.3,0.4)", "[0.4,0.5)", "[0.5,0.6)", "[0.6,0.7)", "[0.7,0.8)", "[0.8,0.9)", "[0.9,1]"}));
        out.put("user.channel_affinity", categorical(userChannel, v.channels()));
        out.put("user.channels_used", histogram(channelsUsed, null));
        out.put("user.category_affinity", categorical(userCategory, v.categories()));
        out.put("user.categories_used", histogram(categoriesUsed, null));
        out.put("user.region", categorical(region, v.regions()));
        out.put("user.device", categorical(device, v.devices()));
        out.put("video.video_id", categorical(videoId, v.videos()));
        out.put("video.channel", categorical(channel, v.channels()));
        out.put("video.category", categorical(category, v.categories()));
        out.put("video.language", categorical(language, v.languages()));
        out.put("video.duration_bucket", histogram(duration, Buckets.durationLabels()));
        out.put("video.age_bucket", histogram(age, Buckets.ageLabels()));
        out.put("video.tags_per_video", histogram(tagsPerVideo, null));
        out.put("video.tag_bucket", bucketSummary(tagBucket));
        return out;
    }

    private static Map<String, Object> categorical(long[] counts, Vocabulary v) {
        long total = 0, distinct = 0;
        for (int i = 0; i < counts.length; i++) { total += counts[i]; if (i > 0 && counts[i] > 0) distinct++; }
        var m = new LinkedHashMap<String, Object>();
        m.put("kind", "categorical");
        m.put("count", total);
        m.put("distinct", distinct);
        m.put("vocabularySize", v.size() - 1);
        m.put("oovShare", total == 0 ? 0.0 : round((double) counts[0] / total));
        List<Integer> ids = new ArrayList<>();
        for (int i = 1; i < counts.length; i++) if (counts[i] > 0) ids.add(i);
        ids.sort((a, b) -> counts[b] != counts[a] ? Long.compare(counts[b], counts[a]) : Integer.compare(a, b));
        var top = new LinkedHashMap<String, Object>();
        long topSum = 0;
        for (int i = 0; i < Math.min(TOP_VALUES, ids.size()); i++) {
            int id = ids.get(i);
            top.put(v.token(id), round((double) counts[id] / Math.max(1, total)));
            topSum += counts[id];
        }
        m.put("top", top);
        m.put("otherShare", total == 0 ? 0.0 : round((double) (total - topSum - counts[0]) / total));
        return m;
    }

    private static Map<String, Object> histogram(long[] counts, String[] labels) {
        long total = 0;
        for (long c : counts) total += c;
        var bins = new LinkedHashMap<String, Object>();
        for (int i = 0; i < counts.length; i++) {
            bins.put(labels == null ? Integer.toString(i) : labels[i], round((double) counts[i] / Math.max(1, total)));
        }
        var m = new LinkedHashMap<String, Object>();
        m.put("kind", "histogram");
        m.put("count", total);
        m.put("shares", bins);
        return m;
    }

    private static Map<String, Object> bucketSummary(long[] counts) {
        long total = 0, used = 0, max = 0;
        for (int i = 1; i < counts.length; i++) { total += counts[i]; if (counts[i] > 0) used++; max = Math.max(max, counts[i]); }
        var m = new LinkedHashMap<String, Object>();
        m.put("kind", "hashed");
        m.put("count", total);
        m.put("bucketsUsed", used);
        m.put("maxBucketShare", total == 0 ? 0.0 : round((double) max / total));
        return m;
    }

    private static double round(double x) {
        return Math.round(x * 1e6) / 1e6;
    }

    public long users() {
        return users;
    }

    public long videos() {
        return videos;
    }

    ModelConfig config() {
        return config;
    }
}
