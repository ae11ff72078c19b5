package dev.reelrank.training;

import dev.reelrank.model.EngagementWeights;
import dev.reelrank.model.RequestContext;
import dev.reelrank.model.UserFeatureUpdater;
import dev.reelrank.pipeline.datasets.Dataset;
import dev.reelrank.pipeline.io.Progress;
import dev.reelrank.proto.v1.Action;
import dev.reelrank.proto.v1.HistoryEntry;
import dev.reelrank.proto.v1.UserFeatures;
import dev.reelrank.proto.v1.VideoFeatures;
import dev.reelrank.retrievalmodel.Buckets;
import dev.reelrank.retrievalmodel.EncodedUser;
import dev.reelrank.retrievalmodel.EncodedVideo;
import dev.reelrank.retrievalmodel.FeatureEncoder;
import dev.reelrank.retrievalmodel.FeatureStatistics;
import dev.reelrank.retrievalmodel.ModelConfig;
import dev.reelrank.retrievalmodel.Vocabularies;
import dev.reelrank.retrievalmodel.Vocabulary;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;

/**
 * Replays each user's log in time order through the same {@link UserFeatureUpdater} the online
 * path uses, and emits one example per positive with the state from BEFORE it, so the label
 * never leaks into the input. The last {@code validationFraction} of positives in time (or per
 * user, when the log has no timestamps) is held out; vocabularies and popularity are built from
 * the training part only.
 */
public final class ExampleBuilder {
    private final ModelConfig config;
    private final PositiveRule rule;
    private final double validationFraction;
    private final int maxValidation;
    private final long seed;
    private final VocabularyLimits limits;
    private final UnaryOperator<Vocabularies> vocabularyHook;
    private java.io.PrintStream log = System.err;

    /**
     * @param minVideoCount   a video id needs this many training interactions to get its own embedding
     * @param maxVideos       cap of the video-id vocabulary (most interacted first)
     * @param maxOther        cap of the other vocabularies
     */
    public record VocabularyLimits(long minVideoCount, int maxVideos, int maxOther) {
        public static final VocabularyLimits DEFAULTS = new VocabularyLimits(2, 200_000, 100_000);
    }

    /** @param vocabularyHook lets a warm start extend the previous model's vocabularies instead */
    public ExampleBuilder(ModelConfig config, PositiveRule rule, double validationFraction, int maxValidation, long seed,
                          VocabularyLimits limits, UnaryOperator<Vocabularies> vocabularyHook) {
        this.config = config;
        this.rule = rule;
        this.validationFraction = validationFraction;
        this.maxValidation = maxValidation;
        this.seed = seed;
        this.limits = limits;
        this.vocabularyHook = vocabularyHook;
    }

    /** Where the progress bar goes (stderr by default). */
    public ExampleBuilder log(java.io.PrintStream out) {
        this.log = out;
        return this;
    }

    /** The online fold, with the bounds the encoder does not read kept small for speed. */
    UserFeatureUpdater updater() {
        var d = UserFeatureUpdater.DEFAULTS;
        return new UserFeatureUpdater(Math.max(config.historyLength(), d.recentLimit()), 1, 1, d.affinityDecay(),
                d.affinityMaxKeys(), EngagementWeights.DEFAULTS);
    }

    public static PositiveRule ruleFor(Dataset d, Double overrideRatio) {
        boolean anyWatch = false;
        for (int i = 0; i < d.rows && !anyWatch; i++) anyWatch = d.action[i] == Action.watch_VALUE;
        Double fromManifest = d.manifest.positiveWatchRatio();
        double ratio = overrideRatio != null ? overrideRatio : fromManifest != null ? fromManifest : PositiveRule.DEFAULT_WATCH_RATIO;
        return new PositiveRule(ratio, !anyWatch, 60);
    }

    public Examples build(Dataset d) {
        List<VideoFeatures> catalog = catalog(d);
        int[] start = d.userRowStart();
        int[] index = d.userRowIndex(start);
        int users = d.userCount();

        // Pass 1: positives (first per user and video) and the split point.
        boolean[] positive = new boolean[d.rows];
        int positives = 0;
        boolean timed = d.manifest.hasTimestamps();
        for (int u = 0; u < users; u++) {
            var seen = new HashSet<Integer>();
            for (int k = start[u]; k < start[u + 1]; k++) {
                int r = index[k];
                int v = d.video[r];
                if (v < 0 || !rule.isPositive(d.actionOf(r), d.watchSeconds[r], d.videoDuration[v])) continue;
                if (seen.add(v)) { positive[r] = true; positives++; }
            }
        }
        if (positives == 0) throw new IllegalArgumentException(d.dir + ": no positive interactions (" + rule.describe() + ")");
        long cutoff = Long.MAX_VALUE;
        if (timed) {
            long[] times = new long[positives];
            int n = 0;
            for (int r = 0; r < d.rows; r++) if (positive[r]) times[n++] = d.time[r];
            Arrays.sort(times);
            cutoff = times[Math.min(positives - 1, (int) Math.floor(positives * (1 - validationFraction)))];
        }
        // Per user: position (in the user's row list) where the held-out part begins.
        int[] heldOutFrom = new int[users];
        for (int u = 0; u < users; u++) {
            heldOutFrom[u] = start[u + 1];
            if (timed) {
                for (int k = start[u]; k < start[u + 1]; k++) {
                    int r = index[k];
                    if (d.time[r] != Dataset.NO_TIME && d.time[r] >= cutoff) { heldOutFrom[u] = k; break; }
                }
            } else {
                int n = 0;
                for (int k = start[u]; k < start[u + 1]; k++) if (positive[index[k]]) n++;
                int hold = (int) Math.floor(n * validationFraction);
                for (int k = start[u + 1] - 1; k >= start[u] && hold > 0; k--) {
                    if (positive[index[k]]) { hold--; heldOutFrom[u] = k; }
                }
            }
        }

        // Pass 2: vocabularies from the training part.
        var videoCounts = new HashMap<String, Long>();
        var channelCounts = new HashMap<String, Long>();
        var categoryCounts = new HashMap<String, Long>();
        var languageCounts = new HashMap<String, Long>();
        var regionCounts = new HashMap<String, Long>();
        var deviceCounts = new HashMap<String, Long>();
        for (int u = 0; u < users; u++) {
            for (int k = start[u]; k < heldOutFrom[u]; k++) {
                int r = index[k];
                if (d.region[r] >= 0) regionCounts.merge(d.regions.value(d.region[r]), 1L, Long::sum);
                if (d.device[r] >= 0) deviceCounts.merge(d.devices.value(d.device[r]), 1L, Long::sum);
                int v = d.video[r];
                if (v < 0 || d.action[r] == Action.impression_VALUE) continue;
                VideoFeatures vf = catalog.get(v);
                videoCounts.merge(vf.getVideoId(), 1L, Long::sum);
                channelCounts.merge(vf.getChannelId(), 1L, Long::sum);
                categoryCounts.merge(vf.getCategory(), 1L, Long::sum);
                languageCounts.merge(vf.getLanguage(), 1L, Long::sum);
            }
            if (d.userRegion != null && d.userRegion[u] >= 0) regionCounts.merge(d.regions.value(d.userRegion[u]), 1L, Long::sum);
        }
        Vocabularies vocab = vocabularyHook.apply(new Vocabularies(
                Vocabulary.fromCounts(videoCounts, limits.minVideoCount(), limits.maxVideos()),
                Vocabulary.fromCounts(channelCounts, 1, limits.maxOther()),
                Vocabulary.fromCounts(categoryCounts, 1, limits.maxOther()),
                Vocabulary.fromCounts(languageCounts, 1, limits.maxOther()),
                Vocabulary.fromCounts(regionCounts, 1, limits.maxOther()),
                Vocabulary.fromCounts(deviceCounts, 1, limits.maxOther())));
        var encoder = new FeatureEncoder(config, vocab);
        var stats = new FeatureStatistics(config, vocab);

        EncodedVideo[] staticVideos = new EncodedVideo[catalog.size()];
        for (int v = 0; v < staticVideos.length; v++) staticVideos[v] = encoder.encodeVideo(catalog.get(v), d.videoPublished[v], null);

        // Pass 3: replay and encode.
        var updater = updater();
        var trainUsers = new ArrayList<EncodedUser>();
        var trainVideo = new IntList();
        var trainAge = new ByteList();
        var trainTime = new LongList();
        long[] positiveCounts = new long[catalog.size()];
        var valUsers = new ArrayList<EncodedUser>();
        var valVideo = new IntList();
        var valSeen = new ArrayList<int[]>();
        var random = new SplittableRandom(seed);
        long valCandidates = 0;
        long minTime = Long.MAX_VALUE, maxTime = Long.MIN_VALUE, valMin = Long.MAX_VALUE, valMax = Long.MIN_VALUE;
        var progress = new Progress("examples", d.rows, log);
        for (int u = 0; u < users; u++) {
            UserFeatures state = UserFeatures.getDefaultInstance();
            for (int k = start[u]; k < start[u + 1]; k++) {
                int r = index[k];
                int v = d.video[r];
                long t = d.time[r];
                if (t != Dataset.NO_TIME) { minTime = Math.min(minTime, t); maxTime = Math.max(maxTime, t); }
                if (positive[r]) {
                    var ctx = new RequestContext(d.device[r] >= 0 ? d.devices.value(d.device[r]) : null,
                            d.region[r] >= 0 ? d.regions.value(d.region[r]) : null, null);
                    UserFeatures before = state.getHomeRegion().isEmpty() && d.userRegion != null && d.userRegion[u] >= 0
                            ? state.toBuilder().setHomeRegion(d.regions.value(d.userRegion[u])).build() : state;
                    EncodedUser eu = encoder.encodeUser(before, ctx);
                    int age = Buckets.age(d.videoPublished[v], t == Dataset.NO_TIME ? null : Instant.ofEpochMilli(t));
                    if (k < heldOutFrom[u]) {
                        trainUsers.add(eu);
                        trainVideo.add(v);
                        trainAge.add((byte) age);
                        trainTime.add(t);
                        positiveCounts[v]++;
                        stats.observe(eu);
                        stats.observe(staticVideos[v].atAge(age));
                    } else {
                        // Reservoir sample: an unbiased subset of the held-out tail of bounded size.
                        valCandidates++;
                        if (t != Dataset.NO_TIME) { valMin = Math.min(valMin, t); valMax = Math.max(valMax, t); }
                        int slot = valUsers.size() < maxValidation ? valUsers.size() : (int) random.nextLong(valCandidates);
                        if (slot < maxValidation) {
                            int[] seenIdx = seen(before, d, v);
                            if (slot == valUsers.size()) { valUsers.add(eu); valVideo.add(v); valSeen.add(seenIdx); }
                            else { valUsers.set(slot, eu); valVideo.set(slot, v); valSeen.set(slot, seenIdx); }
                        }
                    }
                }
                state = updater.apply(state, d.interaction(r), v >= 0 ? catalog.get(v) : null);
            }
            progress.add(start[u + 1] - start[u]);
        }
        progress.finish();
        if (trainUsers.isEmpty()) throw new IllegalArgumentException(d.dir + ": no training examples before the validation tail");

        long asOf = valMin != Long.MAX_VALUE ? valMin : (maxTime != Long.MIN_VALUE ? maxTime : System.currentTimeMillis());
        var window = new LinkedHashMap<String, Object>();
        window.put("dataset", d.manifest.name());
        window.put("datasetDir", d.dir.toString());
        window.put("datasetKind", d.manifest.kind());
        window.put("interactions", d.rows);
        window.put("videos", catalog.size());
        window.put("users", users);
        window.put("positiveRule", rule.describe());
        window.put("positives", positives);
        window.put("split", timed ? "global time cut: positives at or after validationFrom are held out"
                : "no timestamps: the last " + validationFraction + " of each user's positives are held out");
        if (minTime != Long.MAX_VALUE) window.put("from", Instant.ofEpochMilli(minTime).toString());
        if (maxTime != Long.MIN_VALUE) window.put("to", Instant.ofEpochMilli(maxTime).toString());
        if (timed && cutoff != Long.MAX_VALUE) window.put("validationFrom", Instant.ofEpochMilli(cutoff).toString());
        window.put("trainingExamples", trainUsers.size());
        window.put("validationCandidates", valCandidates);
        window.put("validationExamples", valUsers.size());
        window.put("vocabularySizes", Map.of("video_id", vocab.videos().size(), "channel", vocab.channels().size(),
                "category", vocab.categories().size(), "language", vocab.languages().size(),
                "region", vocab.regions().size(), "device", vocab.devices().size()));
        return new Examples(encoder, catalog, staticVideos, d.videoPublished, trainUsers, trainVideo.toArray(),
                trainAge.toArray(), trainTime.toArray(), valUsers, valVideo.toArray(), valSeen.toArray(int[][]::new),
                asOf, positiveCounts, stats, window);
    }

    /** Catalog indices of the videos in the user's recent history, other than the target. */
    private static int[] seen(UserFeatures state, Dataset d, int target) {
        var out = new IntList();
        var unique = new HashSet<Integer>();
        for (HistoryEntry e : state.getRecentList()) {
            int v = d.videos.find(e.getVideoId());
            if (v >= 0 && v != target && unique.add(v)) out.add(v);
        }
        return out.toArray();
    }

    static List<VideoFeatures> catalog(Dataset d) {
        var out = new ArrayList<VideoFeatures>(d.videoCount());
        for (int v = 0; v < d.videoCount(); v++) out.add(dev.reelrank.model.VideoMetadata.features(d.videoPublished(v)));
        return out;
    }


    static final class IntList {
        int[] a = new int[16];
        int n;
        void add(int x) { if (n == a.length) a = Arrays.copyOf(a, n * 2); a[n++] = x; }
        void set(int i, int x) { a[i] = x; }
        int[] toArray() { return Arrays.copyOf(a, n); }
    }

    static final class ByteList {
        byte[] a = new byte[16];
        int n;
        void add(byte x) { if (n == a.length) a = Arrays.copyOf(a, n * 2); a[n++] = x; }
        byte[] toArray() { return Arrays.copyOf(a, n); }
    }

    static final class LongList {
        long[] a = new long[16];
        int n;
        void add(long x) { if (n == a.length) a = Arrays.copyOf(a, n * 2); a[n++] = x; }
        long[] toArray() { return Arrays.copyOf(a, n); }
    }
}
