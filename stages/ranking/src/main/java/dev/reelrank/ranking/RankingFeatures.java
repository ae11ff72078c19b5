package dev.reelrank.ranking;

import dev.reelrank.model.FeedRequest;
import dev.reelrank.model.ranking.FeatureBatch;
import dev.reelrank.model.ranking.FeatureRow;
import dev.reelrank.model.ranking.FeatureSchema;
import dev.reelrank.proto.v1.Action;
import dev.reelrank.proto.v1.HistoryEntry;
import dev.reelrank.proto.v1.RankContext;
import dev.reelrank.proto.v1.Surface;
import dev.reelrank.proto.v1.UserFeatures;
import dev.reelrank.proto.v1.VideoFeatures;
import dev.reelrank.proto.v1.WindowStats;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The one feature assembly of the ranker: serving ({@link ModelScorer}) and training
 * ({@link TrainingExamples}) both call {@link #row}, over the same {@code UserFeatures} and
 * {@code VideoFeatures} messages the online store holds, so a model never sees features computed
 * one way in training and another in serving. {@link #SCHEMA} is what a model artifact records and
 * what serving compares it with.
 *
 * <p>Invariants: every row has {@link #SCHEMA}'s width; every numeric is finite (a NaN or an
 * infinity from a corrupt counter would poison the model's standardization, so values are clamped);
 * missing categoricals are {@code ""}. Counts enter as {@code log1p}, rates smoothed toward a prior so
 * a video with three impressions does not look certain.
 *
 * <p>Cost: the user side is prepared once per request ({@link #user}); serving builds all of a
 * request's rows as one {@link FeatureBatch} ({@link #rows}): per candidate a few map lookups
 * (its channel, category, language, "watched?") and no allocation but its id's dictionary entry.
 * Up to 1,000 candidates per request. Thread-safe (no state; a {@link UserView} is per request).
 */
public final class RankingFeatures {
    /** What serving passes as the position: training sees the logged slot (position bias is learned there) and serving fixes it, so every candidate is scored as if shown first. */
    public static final int SERVING_POSITION = 0;
    /**
     * Passed when no two-tower similarity is at hand ({@code CandidateSimilarity.MISSING}): the row
     * then has {@code x_has_similarity} 0 and {@code x_similarity} 0, the neutral value (a cosine of
     * 0: no evidence either way), so "unknown" differs from a real 0 only by the flag.
     */
    public static final float NO_SIMILARITY = dev.reelrank.model.ranking.CandidateSimilarity.MISSING;

    // Priors of the smoothed rates: the heuristic scorer's defaults (a 5 % CTR, 30 s per view).
    static final double CTR_PRIOR_CLICKS = 1, CTR_PRIOR_IMPRESSIONS = 20;
    static final double WATCH_PRIOR_SECONDS = 30, WATCH_PRIOR_VIEWS = 1;
    static final double LIKE_PRIOR_LIKES = 1, LIKE_PRIOR_VIEWS = 20;
    /** Recency beyond this counts as "never": a month, in seconds. */
    static final double NEVER_SECONDS = 30 * 86_400.0;
    /** Larger magnitudes are clamped (no feature is legitimately anywhere near). */
    static final float CLAMP = 1e6f;

    private static final List<String> CATEGORICAL = new ArrayList<>();
    private static final List<String> NUMERIC = new ArrayList<>();

    static final int C_USER = cat("user_id"), C_VIDEO = cat("video_id"), C_CHANNEL = cat("channel_id"),
            C_CATEGORY = cat("category"), C_LANGUAGE = cat("language"), C_DEVICE = cat("device"), C_REGION = cat("region"),
            C_SURFACE = cat("surface"), C_LOCAL_HOUR = cat("local_hour");

    // user
    static final int U_INTERACTIONS = num("user_log_interactions"), U_RECENT = num("user_log_recent"),
            U_WATCHED = num("user_log_watched"), U_SUBSCRIPTIONS = num("user_log_subscriptions");
    // video, all-time counters
    static final int V_KNOWN = num("video_known"), V_IMPRESSIONS = num("video_log_impressions"), V_VIEWS = num("video_log_views"),
            V_CLICKS = num("video_log_clicks"), V_WATCH = num("video_log_watch_seconds"), V_LIKES = num("video_log_likes"),
            V_SHARES = num("video_log_shares"), V_NEGATIVE = num("video_log_negative"), V_CTR = num("video_ctr"),
            V_LIKE_RATE = num("video_like_rate"), V_WATCH_PER_VIEW = num("video_log_watch_per_view"),
            V_WATCH_RATIO = num("video_watch_ratio_per_view");
    // video, streaming windows (absent windows = 0 with the flag off)
    static final int W_PRESENT = num("video_has_windows"),
            W5_IMPRESSIONS = num("w5m_log_impressions"), W5_VIEWS = num("w5m_log_views"), W5_CTR = num("w5m_ctr"),
            W1H_IMPRESSIONS = num("w1h_log_impressions"), W1H_VIEWS = num("w1h_log_views"), W1H_CTR = num("w1h_ctr"),
            W1H_WATCH_PER_VIEW = num("w1h_log_watch_per_view"),
            W24_IMPRESSIONS = num("w24h_log_impressions"), W24_VIEWS = num("w24h_log_views"), W24_CTR = num("w24h_ctr"),
            W24_WATCH_PER_VIEW = num("w24h_log_watch_per_view");
    // video, static
    static final int V_HAS_DURATION = num("video_has_duration"), V_DURATION = num("video_log_duration"),
            V_HAS_AGE = num("video_has_age"), V_AGE = num("video_log_age_hours");
    // user x video
    static final int X_CHANNEL_AFFINITY = num("x_channel_affinity"), X_CATEGORY_AFFINITY = num("x_category_affinity"),
            X_CHANNEL_SHARE = num("x_channel_affinity_share"), X_CATEGORY_SHARE = num("x_category_affinity_share"),
            X_SUBSCRIBED = num("x_subscribed"), X_CHANNEL_RECENT = num("x_log_recent_of_channel"),
            X_CATEGORY_RECENT = num("x_log_recent_of_category"), X_CHANNEL_WATCHED = num("x_channel_watched"),
            X_SINCE_CHANNEL_WATCH = num("x_log_seconds_since_channel_watch"), X_WATCHED_VIDEO = num("x_watched_video"),
            X_HAS_SIMILARITY = num("x_has_similarity"), X_SIMILARITY = num("x_similarity");
    // context
    static final int P_POSITION = num("log_position");

    /** The columns every row has, in order. */
    public static final FeatureSchema SCHEMA = new FeatureSchema(CATEGORICAL, NUMERIC);

    private static final String[] HOURS = new String[24];
    // Values every row without windows, channel or position repeats: the same expressions, once.
    private static final float NO_WINDOW_CTR = ctr(0, 0);
    private static final float NO_WINDOW_WATCH_PER_VIEW = log1p(watchPerView(0, 0));
    private static final float NEVER_LOG = log1p(NEVER_SECONDS);
    private static final float SERVING_POSITION_LOG = log1p(SERVING_POSITION);

    static {
        for (int h = 0; h < 24; h++) HOURS[h] = (h < 10 ? "0" : "") + h;
    }

    private RankingFeatures() {}

    private static int cat(String name) {
        CATEGORICAL.add(name);
        return CATEGORICAL.size() - 1;
    }

    private static int num(String name) {
        NUMERIC.add(name);
        return NUMERIC.size() - 1;
    }

    /**
     * The request context as features read it.
     *
     * @param localHour 0-23, or -1 when unknown. Serving reads {@code RankContext.local_time} (the
     *                  user's wall clock sent as a timestamp); training reads the event time shifted by
     *                  the event's {@code utc_offset_minutes}, or the UTC hour where an event has none
     */
    public record Context(String device, String region, int localHour, Surface surface) {
        public static final Context UNKNOWN = new Context("", "", -1, Surface.surface_unspecified);

        public Context {
            device = device == null ? "" : device;
            region = region == null ? "" : region;
            if (localHour < -1 || localHour > 23) localHour = -1;
            surface = surface == null ? Surface.surface_unspecified : surface;
        }

        public static Context of(RankContext c) {
            int hour = c.hasLocalTime() ? hourOf(c.getLocalTime().getSeconds() * 1000) : -1;
            return new Context(c.getDevice(), c.getRegion(), hour, c.getSurface());
        }

        public static Context of(FeedRequest r) {
            var c = r.context();
            int hour = c.localTime() == null ? -1 : hourOf(c.localTime().toEpochMilli());
            return new Context(c.device(), c.region(), hour, r.surface());
        }

        /** The UTC hour of an epoch-millisecond time. */
        public static int hourOf(long epochMillis) {
            return (int) Math.floorMod(Math.floorDiv(epochMillis, 3_600_000L), 24L);
        }
    }

    /**
     * What rows need of one user, derived once per request (or per exposure in training).
     *
     * @param nowMillis the time the features are read at (request time; the exposure's time in training)
     */
    public record UserView(UserFeatures features, long nowMillis, double channelAffinityMass, double categoryAffinityMass,
                           Map<String, Long> lastChannelWatchMillis, Map<String, Integer> recentByChannel,
                           Map<String, Integer> recentByCategory, Set<String> watched, Set<String> subscribed,
                           Map<String, Crossed> channelColumns, Map<String, Crossed> categoryColumns,
                           float[] userColumns) {

        /**
         * The user × channel columns of a channel, computed at its first candidate and reused for the
         * others of the request (500 candidates come from ~100 channels; the Protobuf affinity map
         * lookup per candidate was the largest single cost of a Rank call's rows, JFR). Per request:
         * not for sharing between threads.
         */
        Crossed channel(String channel) {
            Crossed cols = channelColumns.get(channel);
            if (cols != null) return cols;
            double a = features.getChannelAffinityOrDefault(channel, 0);
            Long last = lastChannelWatchMillis.get(channel);
            cols = new Crossed(channel, new float[]{
                    signedLog1p(a),
                    channelAffinityMass > 0 ? clamp(a / channelAffinityMass) : 0,
                    subscribed.contains(channel) ? 1 : 0,
                    log1p(recentByChannel.getOrDefault(channel, 0)),
                    last != null ? 1 : 0,
                    log1p(last != null ? Math.min(NEVER_SECONDS, Math.max(0, nowMillis - last) / 1000.0) : NEVER_SECONDS)});
            channelColumns.put(channel, cols);
            return cols;
        }

        /** The user × category columns, like {@link #channel}. */
        Crossed category(String category) {
            Crossed cols = categoryColumns.get(category);
            if (cols != null) return cols;
            double a = features.getCategoryAffinityOrDefault(category, 0);
            cols = new Crossed(category, new float[]{
                    signedLog1p(a),
                    categoryAffinityMass > 0 ? clamp(a / categoryAffinityMass) : 0,
                    log1p(recentByCategory.getOrDefault(category, 0))});
            categoryColumns.put(category, cols);
            return cols;
        }
    }

    /**
     * A channel's (or category's) user × video columns, and its code in the batch last built with
     * it: the one map lookup per candidate that finds the columns also finds the categorical code,
     * so the value enters the batch's dictionary once per request, not once per candidate.
     */
    static final class Crossed {
        final String value;
        final float[] x;
        private FeatureBatch batch;
        private int code;

        Crossed(String value, float[] x) {
            this.value = value;
            this.x = x;
        }

        int code(FeatureBatch b, int field) {
            if (batch != b) {
                batch = b;
                code = b.addValue(field, value);
            }
            return code;
        }
    }

    /** Prepares the user side of every row of one request. */
    public static UserView user(UserFeatures u, long nowMillis) {
        double channelMass = 0, categoryMass = 0;
        for (double a : u.getChannelAffinityMap().values()) channelMass += Math.abs(a);
        for (double a : u.getCategoryAffinityMap().values()) categoryMass += Math.abs(a);
        var lastWatch = new HashMap<String, Long>();
        var byChannel = new HashMap<String, Integer>();
        var byCategory = new HashMap<String, Integer>();
        for (HistoryEntry h : u.getRecentList()) { // newest first: the first watch seen is the last one
            if (!h.getChannelId().isEmpty()) {
                byChannel.merge(h.getChannelId(), 1, Integer::sum);
                if ((h.getAction() == Action.watch || h.getAction() == Action.click) && h.hasAt()) {
                    lastWatch.putIfAbsent(h.getChannelId(), h.getAt().getSeconds() * 1000 + h.getAt().getNanos() / 1_000_000);
                }
            }
            if (!h.getCategory().isEmpty()) byCategory.merge(h.getCategory(), 1, Integer::sum);
        }
        return new UserView(u, nowMillis, channelMass, categoryMass, lastWatch, byChannel, byCategory,
                new HashSet<>(u.getWatchedVideoIdsList()), new HashSet<>(u.getSubscribedChannelIdsList()),
                new HashMap<>(), new HashMap<>(), new float[]{log1p(u.getInteractionCount()), log1p(u.getRecentCount()),
                        log1p(u.getWatchedVideoIdsCount()), log1p(u.getSubscribedChannelIdsCount())});
    }

    /**
     * One candidate's row: a batch of one through {@link #rows}, so a training row and a serving
     * row are the same code.
     *
     * @param video      the video's features, or null when the store does not know it (scored from priors)
     * @param videoId    the candidate's id (needed when {@code video} is null)
     * @param position   the slot shown in: the logged one in training, {@link #SERVING_POSITION} in serving
     * @param similarity the served retrieval version's two-tower similarity, or {@link #NO_SIMILARITY}
     */
    public static FeatureRow row(UserView user, VideoFeatures video, String videoId, Context ctx, int position, float similarity) {
        var b = new Rows(user, ctx, 1);
        b.fill(0, video, videoId, position, similarity);
        return b.batch.row(0);
    }

    /**
     * The rows of one request, as one batch: {@link #row} for every candidate, with everything that
     * depends only on the user and the context resolved once, each distinct channel, category and
     * language entered once, and the values written straight into the batch's arrays.
     *
     * @param videos       one entry per candidate, null where the store does not know the video
     * @param videoIds     the candidates' ids, same order
     * @param similarities per candidate, {@link #NO_SIMILARITY} where unknown; null for none at all
     */
    public static FeatureBatch rows(UserView user, List<VideoFeatures> videos, List<String> videoIds, Context ctx, int position,
                                    float[] similarities) {
        int n = videos.size();
        if (videoIds.size() != n || (similarities != null && similarities.length != n)) {
            throw new IllegalArgumentException(n + " videos, " + videoIds.size() + " ids, "
                    + (similarities == null ? "no" : similarities.length) + " similarities");
        }
        var b = new Rows(user, ctx, n);
        for (int i = 0; i < n; i++) {
            b.fill(i, videos.get(i), videoIds.get(i), position, similarities == null ? NO_SIMILARITY : similarities[i]);
        }
        return b.batch;
    }

    /** One batch being written: the request's constant codes, and the language dictionary. */
    private static final class Rows {
        final FeatureBatch batch;
        final UserView user;
        final int userCode, deviceCode, regionCode, surfaceCode, hourCode;
        final Map<String, Integer> languages = new HashMap<>();
        int emptyChannelCode = -1, emptyCategoryCode = -1;

        Rows(UserView user, Context ctx, int size) {
            this.batch = FeatureBatch.of(SCHEMA, size);
            this.user = user;
            userCode = batch.addValue(C_USER, user.features().getUserId());
            deviceCode = batch.addValue(C_DEVICE, ctx.device());
            regionCode = batch.addValue(C_REGION, ctx.region());
            surfaceCode = batch.addValue(C_SURFACE,
                    ctx.surface() == Surface.surface_unspecified || ctx.surface() == Surface.UNRECOGNIZED ? "" : ctx.surface().name());
            hourCode = batch.addValue(C_LOCAL_HOUR, ctx.localHour() < 0 ? "" : HOURS[ctx.localHour()]);
        }

        void fill(int row, VideoFeatures video, String videoId, int position, float similarity) {
            boolean known = video != null;
            VideoFeatures v = known ? video : VideoFeatures.getDefaultInstance();
            FeatureBatch b = batch;
            String id = videoId == null ? v.getVideoId() : videoId;
            b.setCode(row, C_USER, userCode);
            b.setCode(row, C_VIDEO, b.addValue(C_VIDEO, id));
            String language = v.getLanguage();
            Integer languageCode = languages.get(language);
            if (languageCode == null) {
                languageCode = b.addValue(C_LANGUAGE, language);
                languages.put(language, languageCode);
            }
            b.setCode(row, C_LANGUAGE, languageCode);
            b.setCode(row, C_DEVICE, deviceCode);
            b.setCode(row, C_REGION, regionCode);
            b.setCode(row, C_SURFACE, surfaceCode);
            b.setCode(row, C_LOCAL_HOUR, hourCode);

            float[] n = b.numeric();
            int at = row * b.numericWidth();
            float[] userColumns = user.userColumns();
            n[at + U_INTERACTIONS] = userColumns[0];
            n[at + U_RECENT] = userColumns[1];
            n[at + U_WATCHED] = userColumns[2];
            n[at + U_SUBSCRIPTIONS] = userColumns[3];

            n[at + V_KNOWN] = known ? 1 : 0;
            n[at + V_IMPRESSIONS] = log1p(v.getImpressions());
            n[at + V_VIEWS] = log1p(v.getViews());
            n[at + V_CLICKS] = log1p(v.getClicks());
            n[at + V_WATCH] = log1p(v.getWatchSeconds());
            n[at + V_LIKES] = log1p(v.getLikes());
            n[at + V_SHARES] = log1p(v.getShares());
            n[at + V_NEGATIVE] = log1p((double) v.getDislikes() + v.getSkips() + v.getNotInterested());
            n[at + V_CTR] = ctr(v.getClicks(), v.getImpressions());
            n[at + V_LIKE_RATE] = clamp((nonNeg(v.getLikes()) + LIKE_PRIOR_LIKES) / (nonNeg(v.getViews()) + LIKE_PRIOR_VIEWS));
            double perView = watchPerView(v.getWatchSeconds(), v.getViews());
            n[at + V_WATCH_PER_VIEW] = log1p(perView);
            n[at + V_WATCH_RATIO] = v.getDurationSeconds() > 0 ? clamp(Math.min(perView / v.getDurationSeconds(), 10)) : 0;

            if (v.hasLast24H() || v.hasLast1H() || v.hasLast5M()) {
                n[at + W_PRESENT] = 1;
                window(n, at, v.getLast5M(), W5_IMPRESSIONS, W5_VIEWS, W5_CTR, -1);
                window(n, at, v.getLast1H(), W1H_IMPRESSIONS, W1H_VIEWS, W1H_CTR, W1H_WATCH_PER_VIEW);
                window(n, at, v.getLast24H(), W24_IMPRESSIONS, W24_VIEWS, W24_CTR, W24_WATCH_PER_VIEW);
            } else {
                // No windows: rates at their prior, counts 0, so "unknown" and "quiet" differ only by the flag.
                n[at + W5_CTR] = n[at + W1H_CTR] = n[at + W24_CTR] = NO_WINDOW_CTR;
                n[at + W1H_WATCH_PER_VIEW] = n[at + W24_WATCH_PER_VIEW] = NO_WINDOW_WATCH_PER_VIEW;
            }

            if (v.getDurationSeconds() > 0) {
                n[at + V_HAS_DURATION] = 1;
                n[at + V_DURATION] = log1p(v.getDurationSeconds());
            }
            if (v.hasPublishedAt()) {
                long published = v.getPublishedAt().getSeconds() * 1000;
                n[at + V_HAS_AGE] = 1;
                n[at + V_AGE] = log1p(Math.max(0, user.nowMillis() - published) / 3_600_000.0);
            }

            String channel = v.getChannelId(), category = v.getCategory();
            if (!channel.isEmpty()) {
                Crossed c = user.channel(channel);
                b.setCode(row, C_CHANNEL, c.code(b, C_CHANNEL));
                float[] x = c.x;
                n[at + X_CHANNEL_AFFINITY] = x[0];
                n[at + X_CHANNEL_SHARE] = x[1];
                n[at + X_SUBSCRIBED] = x[2];
                n[at + X_CHANNEL_RECENT] = x[3];
                n[at + X_CHANNEL_WATCHED] = x[4];
                n[at + X_SINCE_CHANNEL_WATCH] = x[5];
            } else {
                if (emptyChannelCode < 0) emptyChannelCode = b.addValue(C_CHANNEL, "");
                b.setCode(row, C_CHANNEL, emptyChannelCode);
                n[at + X_SINCE_CHANNEL_WATCH] = NEVER_LOG;
            }
            if (!category.isEmpty()) {
                Crossed c = user.category(category);
                b.setCode(row, C_CATEGORY, c.code(b, C_CATEGORY));
                float[] x = c.x;
                n[at + X_CATEGORY_AFFINITY] = x[0];
                n[at + X_CATEGORY_SHARE] = x[1];
                n[at + X_CATEGORY_RECENT] = x[2];
            } else {
                if (emptyCategoryCode < 0) emptyCategoryCode = b.addValue(C_CATEGORY, "");
                b.setCode(row, C_CATEGORY, emptyCategoryCode);
            }
            n[at + X_WATCHED_VIDEO] = user.watched().contains(id) ? 1 : 0;
            if (Float.isFinite(similarity)) {
                n[at + X_HAS_SIMILARITY] = 1;
                n[at + X_SIMILARITY] = clamp(similarity);
            }
            n[at + P_POSITION] = position == SERVING_POSITION ? SERVING_POSITION_LOG : log1p(Math.max(0, position));
        }
    }

    private static void window(float[] n, int at, WindowStats w, int impressions, int views, int ctr, int watchPerView) {
        n[at + impressions] = log1p(w.getImpressions());
        n[at + views] = log1p(w.getViews());
        // Recomputed from the counts rather than read from WindowStats.ctr, which is 0 both for
        // "no clicks" and "no impressions"; smoothed like the all-time CTR.
        n[at + ctr] = ctr(w.getClicks(), w.getImpressions());
        if (watchPerView >= 0) n[at + watchPerView] = log1p(watchPerView(w.getWatchSeconds(), w.getViews()));
    }

    static float ctr(long clicks, long impressions) {
        return clamp((nonNeg(clicks) + CTR_PRIOR_CLICKS) / (nonNeg(impressions) + CTR_PRIOR_IMPRESSIONS));
    }

    static double watchPerView(double watchSeconds, long views) {
        return (nonNeg(watchSeconds) + WATCH_PRIOR_SECONDS) / (nonNeg(views) + WATCH_PRIOR_VIEWS);
    }

    private static double nonNeg(double x) {
        return x > 0 ? x : 0; // also maps NaN to 0
    }

    /**
     * {@code log(1 + x)} for x ≥ 0. Not {@link Math#log1p}: it has no intrinsic and was the largest
     * single cost of a 500-candidate Rank call (JFR); {@link Math#log} is, and for x ≥ 0 the two agree
     * within 1e-16 (far below float precision), so training and serving rows are unchanged.
     */
    static float log1p(double x) {
        return clamp(Math.log(1.0 + nonNeg(x)));
    }

    static float signedLog1p(double x) {
        return clamp(Math.signum(x) * Math.log(1.0 + Math.abs(x)));
    }

    static float clamp(double x) {
        if (Double.isNaN(x)) return 0;
        return (float) Math.max(-CLAMP, Math.min(CLAMP, x));
    }
}
