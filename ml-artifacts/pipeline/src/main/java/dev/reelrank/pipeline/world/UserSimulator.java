package dev.reelrank.pipeline.world;

import dev.reelrank.pipeline.datasets.Rows;
import dev.reelrank.proto.v1.Action;
import java.util.Arrays;
import org.apache.commons.rng.UniformRandomProvider;

/**
 * Plays one user's sessions over the period and appends their events (in time order) to a
 * buffer. A session is one feed request: a slate of impressions chosen by a simple logging policy
 * (interests, regional and global popularity, subscriptions), then, for each clicked video, a
 * click, a watch and maybe a skip, like, dislike, share or subscribe; an unclicked video may get a
 * "not interested". Stops exactly at the user's event quota. One instance per worker thread.
 */
final class UserSimulator {
    private static final long DAY = 86_400_000L;
    private static final String[] ACTIONS = new String[Action.values().length];

    static {
        for (Action a : Action.values()) if (a != Action.UNRECOGNIZED) ACTIONS[a.getNumber()] = a.name();
    }

    private final WorldConfig config;
    private final Catalogue cat;
    private final Population pop;
    private final BehaviourModel model;
    private final float[] dense;
    private final int[] slate;
    private final long[] counts = new long[ACTIONS.length];
    private int[] subs = new int[16];

    // per-user state
    private StringBuilder out;
    private long remaining;
    private int u, nsubs;
    private String userId, regionCode;

    UserSimulator(WorldConfig config, Catalogue cat, Population pop, BehaviourModel model) {
        this.config = config;
        this.cat = cat;
        this.pop = pop;
        this.model = model;
        this.dense = new float[config.topics()];
        this.slate = new int[config.slateSize()];
    }

    long[] counts() {
        return counts;
    }

    void simulate(int user, StringBuilder sb) {
        u = user;
        out = sb;
        remaining = pop.quota[u];
        if (remaining == 0) return;
        userId = pop.userId[u];
        regionCode = Vocabulary.REGIONS.get(pop.region[u]).code();
        nsubs = 0;
        for (int j = pop.subStart[u]; j < pop.subStart[u + 1]; j++) addSub(pop.subs[j]);
        UniformRandomProvider r = Seeds.generator(config.behaviourSeed(), Seeds.BEHAVIOUR, u);

        long start = config.startMs(), span = config.spanMs();
        // About 13 events per session; draw sorted session times, more than needed.
        int sessions = (int) Math.min(1_000_000, remaining / 10 + 2);
        long[] times = new long[sessions];
        for (int i = 0; i < sessions; i++) times[i] = start + (long) (r.nextDouble() * span);
        Arrays.sort(times);
        long cursor = start;
        int idle = 0;
        for (int s = 0; remaining > 0 && idle < 1_000; s++) {
            long t = s < times.length ? Math.max(times[s], cursor + 60_000) : cursor + 60_000 + r.nextInt(3_600_000);
            long before = remaining;
            cursor = session(r, s, t);
            idle = remaining == before ? idle + 1 : 0; // a catalogue with nothing published yet: give up, do not spin
        }
    }

    /** Returns the time the session ended. */
    private long session(UniformRandomProvider r, int s, long t) {
        int from = pop.interestStart[u], to = pop.interestStart[u + 1];
        double lambda = AffinityModel.lambda(t, config.startMs(), config.spanMs());
        AffinityModel.interests(dense, pop.interestTopic, pop.interestW0, pop.interestW1, from, to, lambda);
        try {
            String device = Vocabulary.DEVICES.get(r.nextDouble() < pop.primaryShare[u] ? pop.primaryDevice[u] : pop.secondaryDevice[u]);
            String surface = r.nextDouble() < 0.8 ? "home" : "up_next";
            String request = "r" + u + "-" + s;
            int n = 0;
            for (int pos = 0; pos < slate.length; pos++) {
                int v = pick(r, t, from, to, lambda);
                if (v < 0 || contains(slate, n, v)) continue;
                slate[n++] = v;
            }
            for (int pos = 0; pos < n && remaining > 0; pos++) {
                emit(slate[pos], Action.impression, -1, surface, pos, request, t, device, null, null);
            }
            long cursor = t + 1_000;
            for (int pos = 0; pos < n && remaining > 0; pos++) {
                int v = slate[pos];
                double a = affinity(v);
                double fresh = Math.exp(-Math.max(0, t - cat.published[v]) / (3.0 * DAY));
                boolean subscribed = isSub(cat.channel[v]);
                if (r.nextDouble() < model.click(a, fresh, cat.duration[v], subscribed, pop.clickBias[u], pos)) {
                    cursor += 2_000 + r.nextInt(8_000);
                    emit(v, Action.click, -1, surface, pos, request, cursor, device, null, null);
                    double mean = model.meanWatchRatio(a, fresh, cat.duration[v]);
                    double ratio = Math.max(0.01, Math.min(1, mean + model.watchNoise() * Seeds.gaussian(r)));
                    if (cat.duration[v] <= 60 && r.nextDouble() < 0.6 * mean) ratio = 1 + 2 * r.nextDouble() * mean; // replays of shorts
                    long watchMs = (long) (ratio * cat.duration[v] * 1000);
                    cursor += watchMs;
                    emit(v, Action.watch, watchMs / 100, surface, pos, request, cursor, device, null, null);
                    if (ratio < model.skipBelow()) emit(v, Action.skip, -1, surface, pos, request, cursor + 1, device, null, null);
                    boolean liked = r.nextDouble() < model.like(a, ratio);
                    if (liked) emit(v, Action.like, -1, surface, pos, request, cursor + 2, device, null, null);
                    else if (r.nextDouble() < model.dislike(a, ratio)) {
                        emit(v, Action.dislike, -1, surface, pos, request, cursor + 2, device, null, null);
                        if (subscribed && r.nextDouble() < 0.2) {
                            removeSub(cat.channel[v]);
                            emit(v, Action.unsubscribe, -1, surface, pos, request, cursor + 3, device, null, cat.channelId[cat.channel[v]]);
                        }
                    }
                    if (r.nextDouble() < model.share(a)) emit(v, Action.share, -1, surface, pos, request, cursor + 4, device, null, null);
                    if (liked && !subscribed && r.nextDouble() < 0.3) {
                        addSub(cat.channel[v]);
                        emit(v, Action.subscribe, -1, surface, pos, request, cursor + 5, device, null, cat.channelId[cat.channel[v]]);
                    }
                    cursor += 3_000;
                } else if (r.nextDouble() < model.notInterested(a)) {
                    boolean channel = r.nextDouble() < 0.3;
                    emit(v, Action.not_interested, -1, surface, pos, request, cursor, device, channel ? "channel" : "video",
                            channel ? cat.channelId[cat.channel[v]] : null);
                }
            }
            return cursor;
        } finally {
            AffinityModel.clear(dense, pop.interestTopic, from, to);
        }
    }

    /** The logging policy: what the previous recommender would have shown at time t; -1 if nothing suitable was found. */
    private int pick(UniformRandomProvider r, long t, int from, int to, double lambda) {
        for (int attempt = 0; attempt < 8; attempt++) {
            double x = r.nextDouble();
            int v;
            if (x < model.policySubscribed() && nsubs > 0) {
                int ch = subs[r.nextInt(nsubs)];
                int a = cat.channelStart[ch], b = cat.channelStart[ch + 1];
                v = cat.channelVideos[a + r.nextInt(b - a)];
            } else if (x < model.policySubscribed() + model.policyInterest()) {
                AliasTable byTopic = cat.byTopic[interestTopic(r, from, to, lambda)];
                if (byTopic == null) continue;
                v = byTopic.sample(r);
            } else if (x < model.policySubscribed() + model.policyInterest() + model.policyRegion()) {
                AliasTable byRegion = cat.byRegion[pop.region[u]];
                v = byRegion == null ? cat.global.sample(r) : byRegion.sample(r);
            } else {
                v = cat.global.sample(r);
            }
            if (cat.published[v] > t) continue;
            // Viral videos are pushed hard for a few days after upload, then fade.
            if (cat.viral[v] && r.nextDouble() > Math.exp(-(t - cat.published[v]) / (4.0 * DAY))) continue;
            return v;
        }
        return -1;
    }

    private int interestTopic(UniformRandomProvider r, int from, int to, double lambda) {
        double x = r.nextDouble(), cum = 0;
        for (int i = from; i < to; i++) {
            cum += (1 - lambda) * pop.interestW0[i] + lambda * pop.interestW1[i];
            if (x < cum) return pop.interestTopic[i];
        }
        return pop.interestTopic[to - 1];
    }

    private double affinity(int v) {
        return AffinityModel.affinity(cat.quality[v], dense[cat.primary[v]], dense[cat.secondary[v]], cat.language[v] == pop.language[u]);
    }

    private void emit(int v, Action action, long watchTenths, String surface, int pos, String request, long time,
                      String device, String target, String channelId) {
        if (remaining <= 0) return;
        remaining--;
        counts[action.getNumber()]++;
        Rows.interaction(out, userId, cat.videoId[v], ACTIONS[action.getNumber()], watchTenths, surface, pos, request,
                time, device, regionCode, target, channelId);
    }

    private boolean isSub(int ch) {
        return contains(subs, nsubs, ch);
    }

    private void addSub(int ch) {
        if (isSub(ch)) return;
        if (nsubs == subs.length) subs = Arrays.copyOf(subs, nsubs * 2);
        subs[nsubs++] = ch;
    }

    private void removeSub(int ch) {
        for (int i = 0; i < nsubs; i++) if (subs[i] == ch) { subs[i] = subs[--nsubs]; return; }
    }

    private static boolean contains(int[] a, int n, int x) {
        for (int i = 0; i < n; i++) if (a[i] == x) return true;
        return false;
    }
}
