package dev.reelrank.ranking;

import static dev.reelrank.ranking.RankingFeatures.*;

import dev.reelrank.model.ranking.FeatureRow;
import dev.reelrank.proto.v1.Action;
import dev.reelrank.proto.v1.HistoryEntry;
import dev.reelrank.proto.v1.Surface;
import dev.reelrank.proto.v1.UserFeatures;
import dev.reelrank.proto.v1.VideoFeatures;
import dev.reelrank.proto.v1.WindowStats;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * {@link RankingFeatures#row} exactly as it was before the rows were built as one columnar batch
 * per request (commit 7e98475), kept as the reference the new assembly must match bit for bit:
 * models were trained on these values. The user side is recomputed here from the Protobuf maps,
 * as the old per-candidate path did, so it does not lean on the code under test.
 */
final class LegacyRankingFeatures {
    private static final String[] HOURS = new String[24];

    static {
        for (int h = 0; h < 24; h++) HOURS[h] = (h < 10 ? "0" : "") + h;
    }

    private LegacyRankingFeatures() {}

    private static double nonNeg(double x) {
        return x > 0 ? x : 0;
    }

    static FeatureRow row(UserFeatures u, long nowMillis, VideoFeatures video, String videoId, Context ctx, int position, float similarity) {
        boolean known = video != null;
        VideoFeatures v = known ? video : VideoFeatures.getDefaultInstance();
        var user = new User(u, nowMillis);
        String[] c = new String[SCHEMA.categorical().size()];
        c[C_USER] = u.getUserId();
        c[C_VIDEO] = videoId == null ? v.getVideoId() : videoId;
        c[C_CHANNEL] = v.getChannelId();
        c[C_CATEGORY] = v.getCategory();
        c[C_LANGUAGE] = v.getLanguage();
        c[C_DEVICE] = ctx.device();
        c[C_REGION] = ctx.region();
        c[C_SURFACE] = ctx.surface() == Surface.surface_unspecified || ctx.surface() == Surface.UNRECOGNIZED ? "" : ctx.surface().name();
        c[C_LOCAL_HOUR] = ctx.localHour() < 0 ? "" : HOURS[ctx.localHour()];

        float[] n = new float[SCHEMA.numeric().size()];
        float[] userColumns = {log1p(u.getInteractionCount()), log1p(u.getRecentCount()),
                log1p(u.getWatchedVideoIdsCount()), log1p(u.getSubscribedChannelIdsCount())};
        n[U_INTERACTIONS] = userColumns[0];
        n[U_RECENT] = userColumns[1];
        n[U_WATCHED] = userColumns[2];
        n[U_SUBSCRIPTIONS] = userColumns[3];

        n[V_KNOWN] = known ? 1 : 0;
        n[V_IMPRESSIONS] = log1p(v.getImpressions());
        n[V_VIEWS] = log1p(v.getViews());
        n[V_CLICKS] = log1p(v.getClicks());
        n[V_WATCH] = log1p(v.getWatchSeconds());
        n[V_LIKES] = log1p(v.getLikes());
        n[V_SHARES] = log1p(v.getShares());
        n[V_NEGATIVE] = log1p((double) v.getDislikes() + v.getSkips() + v.getNotInterested());
        n[V_CTR] = ctr(v.getClicks(), v.getImpressions());
        n[V_LIKE_RATE] = clamp((nonNeg(v.getLikes()) + LIKE_PRIOR_LIKES) / (nonNeg(v.getViews()) + LIKE_PRIOR_VIEWS));
        double perView = watchPerView(v.getWatchSeconds(), v.getViews());
        n[V_WATCH_PER_VIEW] = log1p(perView);
        n[V_WATCH_RATIO] = v.getDurationSeconds() > 0 ? clamp(Math.min(perView / v.getDurationSeconds(), 10)) : 0;

        if (v.hasLast24H() || v.hasLast1H() || v.hasLast5M()) {
            n[W_PRESENT] = 1;
            window(n, v.getLast5M(), W5_IMPRESSIONS, W5_VIEWS, W5_CTR, -1);
            window(n, v.getLast1H(), W1H_IMPRESSIONS, W1H_VIEWS, W1H_CTR, W1H_WATCH_PER_VIEW);
            window(n, v.getLast24H(), W24_IMPRESSIONS, W24_VIEWS, W24_CTR, W24_WATCH_PER_VIEW);
        } else {
            // No windows: rates at their prior, counts 0, so "unknown" and "quiet" differ only by the flag.
            n[W5_CTR] = n[W1H_CTR] = n[W24_CTR] = ctr(0, 0);
            n[W1H_WATCH_PER_VIEW] = n[W24_WATCH_PER_VIEW] = log1p(watchPerView(0, 0));
        }

        if (v.getDurationSeconds() > 0) {
            n[V_HAS_DURATION] = 1;
            n[V_DURATION] = log1p(v.getDurationSeconds());
        }
        if (v.hasPublishedAt()) {
            long published = v.getPublishedAt().getSeconds() * 1000;
            n[V_HAS_AGE] = 1;
            n[V_AGE] = log1p(Math.max(0, nowMillis - published) / 3_600_000.0);
        }

        String channel = v.getChannelId(), category = v.getCategory();
        if (!channel.isEmpty()) {
            float[] x = user.channel(channel);
            n[X_CHANNEL_AFFINITY] = x[0];
            n[X_CHANNEL_SHARE] = x[1];
            n[X_SUBSCRIBED] = x[2];
            n[X_CHANNEL_RECENT] = x[3];
            n[X_CHANNEL_WATCHED] = x[4];
            n[X_SINCE_CHANNEL_WATCH] = x[5];
        } else {
            n[X_SINCE_CHANNEL_WATCH] = log1p(NEVER_SECONDS);
        }
        if (!category.isEmpty()) {
            float[] x = user.category(category);
            n[X_CATEGORY_AFFINITY] = x[0];
            n[X_CATEGORY_SHARE] = x[1];
            n[X_CATEGORY_RECENT] = x[2];
        }
        n[X_WATCHED_VIDEO] = user.watched.contains(c[C_VIDEO]) ? 1 : 0;
        if (Float.isFinite(similarity)) {
            n[X_HAS_SIMILARITY] = 1;
            n[X_SIMILARITY] = clamp(similarity);
        }
        n[P_POSITION] = log1p(Math.max(0, position));
        return new FeatureRow(c, n);
    }

    private static void window(float[] n, WindowStats w, int impressions, int views, int ctr, int watchPerView) {
        n[impressions] = log1p(w.getImpressions());
        n[views] = log1p(w.getViews());
        // Recomputed from the counts rather than read from WindowStats.ctr, which is 0 both for
        // "no clicks" and "no impressions"; smoothed like the all-time CTR.
        n[ctr] = ctr(w.getClicks(), w.getImpressions());
        if (watchPerView >= 0) n[watchPerView] = log1p(watchPerView(w.getWatchSeconds(), w.getViews()));
    }


    /** The old {@code UserView}: the user side, derived from the Protobuf maps. */
    private static final class User {
        final UserFeatures features;
        final long nowMillis;
        double channelAffinityMass, categoryAffinityMass;
        final Map<String, Long> lastChannelWatchMillis = new HashMap<>();
        final Map<String, Integer> recentByChannel = new HashMap<>(), recentByCategory = new HashMap<>();
        final Set<String> watched, subscribed;

        User(UserFeatures u, long nowMillis) {
            this.features = u;
            this.nowMillis = nowMillis;
            for (double a : u.getChannelAffinityMap().values()) channelAffinityMass += Math.abs(a);
            for (double a : u.getCategoryAffinityMap().values()) categoryAffinityMass += Math.abs(a);
            for (HistoryEntry h : u.getRecentList()) {
                if (!h.getChannelId().isEmpty()) {
                    recentByChannel.merge(h.getChannelId(), 1, Integer::sum);
                    if ((h.getAction() == Action.watch || h.getAction() == Action.click) && h.hasAt()) {
                        lastChannelWatchMillis.putIfAbsent(h.getChannelId(), h.getAt().getSeconds() * 1000 + h.getAt().getNanos() / 1_000_000);
                    }
                }
                if (!h.getCategory().isEmpty()) recentByCategory.merge(h.getCategory(), 1, Integer::sum);
            }
            watched = new HashSet<>(u.getWatchedVideoIdsList());
            subscribed = new HashSet<>(u.getSubscribedChannelIdsList());
        }

        float[] channel(String channel) {
            double a = features.getChannelAffinityOrDefault(channel, 0);
            Long last = lastChannelWatchMillis.get(channel);
            return new float[]{
                    signedLog1p(a),
                    channelAffinityMass > 0 ? clamp(a / channelAffinityMass) : 0,
                    subscribed.contains(channel) ? 1 : 0,
                    log1p(recentByChannel.getOrDefault(channel, 0)),
                    last != null ? 1 : 0,
                    log1p(last != null ? Math.min(NEVER_SECONDS, Math.max(0, nowMillis - last) / 1000.0) : NEVER_SECONDS)};
        }

        float[] category(String category) {
            double a = features.getCategoryAffinityOrDefault(category, 0);
            return new float[]{
                    signedLog1p(a),
                    categoryAffinityMass > 0 ? clamp(a / categoryAffinityMass) : 0,
                    log1p(recentByCategory.getOrDefault(category, 0))};
        }
    }
}
