package dev.reelrank.pipeline.evaluation;

import dev.reelrank.model.Candidate;
import dev.reelrank.model.FeedRequest;
import dev.reelrank.model.RequestContext;
import dev.reelrank.pipeline.datasets.Dataset;
import dev.reelrank.pipeline.io.Progress;
import dev.reelrank.pipeline.world.Seeds;
import dev.reelrank.proto.v1.Action;
import dev.reelrank.proto.v1.UserFeatures;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Scores list stages (candidate sources, feeds) and rankers against the held-out test rows, one
 * user at a time, users spread over worker threads. For each user the request is a Home feed at
 * the split's "now" in the user's home region, with the user's features as of the training split.
 *
 * <p>List metrics: the relevant set is the user's distinct test videos with a positive label, minus
 * what the user already watched or dismissed in training (those are filtered from every list, so
 * they could never count); users without a relevant video are not scored. Ranking metrics: the
 * logged test slates (impressions of one request, labelled by a click, gain = watch seconds), or,
 * for data without impressions, each user's test rows as one slate labelled by the positive label.
 */
public final class Evaluator {
    public static final int[] KS = {10, 20, 100, 500};
    public static final int DIVERSITY_K = 20;
    private static final int USERS_PER_TASK = 64;

    private final TrainingData train;
    private final OfflineFeatureStore features;
    private final WorldTruth truth;
    private final int threads;
    private final boolean progress;
    private final int[] rowStart, rowIndex;
    private final int limit;

    public Evaluator(TrainingData train, OfflineFeatureStore features, WorldTruth truth, int threads, boolean progress) {
        this(train, features, truth, threads, progress, KS[KS.length - 1]);
    }

    /** @param limit the length of every list asked for (a feed's page); metrics at larger K see only that many */
    public Evaluator(TrainingData train, OfflineFeatureStore features, WorldTruth truth, int threads, boolean progress, int limit) {
        this.limit = limit;
        this.train = train;
        this.features = features;
        this.truth = truth;
        this.threads = threads;
        this.progress = progress;
        this.rowStart = train.data.userRowStart();
        this.rowIndex = train.data.userRowIndex(rowStart);
    }

    public record Results(int usersScored, int usersWithTestRows, Map<String, ListResult> lists, Map<String, RankResult> rankings) {}

    public Results run(List<ListStage> stages, List<RankerStage> rankers, int maxUsers, long seed) {
        Dataset d = train.data;
        int[] users = usersWithTestRows(maxUsers, seed);
        var totalLists = new ListAcc[stages.size()];
        var totalRanks = new RankAcc[rankers.size()];
        for (int s = 0; s < totalLists.length; s++) totalLists[s] = new ListAcc();
        for (int r = 0; r < totalRanks.length; r++) totalRanks[r] = new RankAcc();
        var bar = progress ? new Progress("evaluate", users.length) : null;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            var futures = new ArrayList<Future<Object[]>>();
            for (int from = 0; from < users.length; from += USERS_PER_TASK) {
                int f = from;
                futures.add(pool.submit(() -> {
                    var lists = new ListAcc[stages.size()];
                    var ranks = new RankAcc[rankers.size()];
                    for (int s = 0; s < lists.length; s++) lists[s] = new ListAcc();
                    for (int r = 0; r < ranks.length; r++) ranks[r] = new RankAcc();
                    int to = Math.min(users.length, f + USERS_PER_TASK);
                    for (int k = f; k < to; k++) evaluateUser(users[k], stages, rankers, lists, ranks);
                    if (bar != null) bar.add(to - f);
                    return new Object[]{lists, ranks};
                }));
            }
            for (var fut : futures) {
                Object[] part = fut.get();
                var lists = (ListAcc[]) part[0];
                var ranks = (RankAcc[]) part[1];
                for (int s = 0; s < lists.length; s++) totalLists[s].merge(lists[s]);
                for (int r = 0; r < ranks.length; r++) totalRanks[r].merge(ranks[r]);
            }
        } catch (Exception e) {
            throw new IllegalStateException("evaluation failed: " + e, e);
        } finally {
            pool.shutdownNow();
        }
        if (bar != null) bar.finish();
        var lists = new LinkedHashMap<String, ListResult>();
        for (int s = 0; s < stages.size(); s++) lists.put(stages.get(s).name(), totalLists[s].result(d.videoCount(), truth != null));
        var ranks = new LinkedHashMap<String, RankResult>();
        for (int r = 0; r < rankers.size(); r++) ranks.put(rankers.get(r).name(), totalRanks[r].result(rankers.get(r).probabilistic()));
        return new Results(totalLists.length == 0 ? 0 : totalLists[0].users, users.length, lists, ranks);
    }

    private int[] usersWithTestRows(int maxUsers, long seed) {
        Dataset d = train.data;
        boolean[] has = new boolean[d.userCount()];
        for (int i = 0; i < d.rows; i++) if (!train.split.isTrain(i)) has[d.user[i]] = true;
        int[] users = new int[d.userCount()];
        int n = 0;
        for (int u = 0; u < has.length; u++) if (has[u]) users[n++] = u;
        users = Arrays.copyOf(users, n);
        if (maxUsers > 0 && maxUsers < n) {
            SplittableRandom r = Seeds.stream(seed, 101, 0);
            for (int i = n - 1; i > 0; i--) { int j = r.nextInt(i + 1); int t = users[i]; users[i] = users[j]; users[j] = t; }
            users = Arrays.copyOf(users, maxUsers);
            Arrays.sort(users);
        }
        return users;
    }

    private void evaluateUser(int u, List<ListStage> stages, List<RankerStage> rankers, ListAcc[] lists, RankAcc[] ranks) {
        Dataset d = train.data;
        String userId = d.users.value(u);
        UserFeatures user = features.user(userId).orElse(UserFeatures.getDefaultInstance());
        BitSet excluded = new BitSet();
        for (String id : user.getWatchedVideoIdsList()) { int v = d.videos.find(id); if (v >= 0) excluded.set(v); }
        for (String id : user.getNotInterestedVideoIdsList()) { int v = d.videos.find(id); if (v >= 0) excluded.set(v); }
        long now = train.split.now();
        String region = d.userRegion[u] >= 0 ? d.regions.value(d.userRegion[u]) : null;
        var context = new RequestContext(null, region, now == Dataset.NO_TIME ? null : Instant.ofEpochMilli(now));

        BitSet relevant = new BitSet();
        for (int k = rowStart[u]; k < rowStart[u + 1]; k++) {
            int row = rowIndex[k];
            if (!train.split.isTrain(row) && d.video[row] >= 0 && !excluded.get(d.video[row]) && train.labels.positive(d, row)) {
                relevant.set(d.video[row]);
            }
        }
        if (!relevant.isEmpty()) {
            int maxK = KS[KS.length - 1];
            double[] bestPrefix = null;
            if (truth != null && now != Dataset.NO_TIME) {
                int[] best = truth.best(u, now, excluded, maxK);
                bestPrefix = prefix(truth.affinities(u, now, best));
            }
            var request = FeedRequest.home("eval-" + userId, userId, limit, context);
            for (int s = 0; s < stages.size(); s++) {
                List<String> ids = stages.get(s).recommend(request, user);
                int[] vids = new int[ids.size()];
                for (int i = 0; i < vids.length; i++) vids[i] = d.videos.find(ids.get(i));
                double[] achieved = bestPrefix == null ? null : prefix(truth.affinities(u, now, vids));
                lists[s].add(d, train, vids, relevant, achieved, bestPrefix);
            }
        }
        if (!rankers.isEmpty()) rankSlates(u, userId, user, context, rankers, ranks);
    }

    private void rankSlates(int u, String userId, UserFeatures user, RequestContext context, List<RankerStage> rankers, RankAcc[] ranks) {
        Dataset d = train.data;
        // slate key → videos in logged order; (request, video) → label and gain
        var slates = new LinkedHashMap<Integer, List<Integer>>();
        var label = new HashMap<Long, Boolean>();
        var gain = new HashMap<Long, Double>();
        boolean impressions = d.manifest.hasImpressions();
        for (int k = rowStart[u]; k < rowStart[u + 1]; k++) {
            int row = rowIndex[k];
            int v = d.video[row];
            if (train.split.isTrain(row) || v < 0) continue;
            int slate = impressions ? d.request[row] : 0;
            if (impressions && slate < 0) continue;
            long key = ((long) slate << 32) | v;
            int a = d.action[row];
            if (impressions) {
                if (a == Action.impression_VALUE) {
                    var list = slates.computeIfAbsent(slate, x -> new ArrayList<>());
                    if (!list.contains(v)) list.add(v);
                } else if (a == Action.click_VALUE) label.put(key, true);
                else if (a == Action.watch_VALUE) gain.merge(key, (double) d.watchSeconds[row], Double::sum);
            } else {
                var list = slates.computeIfAbsent(slate, x -> new ArrayList<>());
                if (!list.contains(v)) list.add(v);
                if (train.labels.positive(d, row)) label.put(key, true);
                if (a == Action.watch_VALUE) gain.merge(key, (double) d.watchSeconds[row], Double::sum);
            }
        }
        // Per ranker, the user's scored items across slates, for the per-user AUC.
        var userScores = new ArrayList<List<double[]>>(rankers.size());
        for (int r = 0; r < rankers.size(); r++) userScores.add(new ArrayList<>());
        for (var e : slates.entrySet()) {
            List<Integer> videos = e.getValue();
            if (videos.size() < 2) continue;
            var candidates = new ArrayList<Candidate>(videos.size());
            for (int v : videos) {
                String ch = d.videoChannel[v] >= 0 ? d.channels.value(d.videoChannel[v]) : null;
                candidates.add(Candidate.of(d.videos.value(v), ch, 0, "logged"));
            }
            var request = FeedRequest.home("eval-" + userId + "-" + e.getKey(), userId, videos.size(), context);
            for (int r = 0; r < rankers.size(); r++) {
                var ranked = rankers.get(r).ranker().rank(request, user, candidates).candidates();
                double[] gains = new double[ranked.size()];
                for (int i = 0; i < ranked.size(); i++) {
                    int v = d.videos.find(ranked.get(i).videoId());
                    long key = ((long) e.getKey() << 32) | v;
                    boolean y = label.getOrDefault(key, false);
                    double g = gain.getOrDefault(key, 0.0);
                    gains[i] = impressions || g > 0 ? g : (y ? 1 : 0);
                    ranks[r].add(ranked.get(i).score(), y);
                    userScores.get(r).add(new double[]{ranked.get(i).score(), y ? 1 : 0});
                }
                ranks[r].addSlate(gains);
            }
        }
        for (int r = 0; r < rankers.size(); r++) {
            var items = userScores.get(r);
            double[] s = new double[items.size()];
            boolean[] y = new boolean[items.size()];
            for (int i = 0; i < s.length; i++) { s[i] = items.get(i)[0]; y[i] = items.get(i)[1] > 0; }
            ranks[r].addUser(s, y);
        }
    }

    static double[] prefix(double[] values) {
        double[] p = new double[values.length + 1];
        for (int i = 0; i < values.length; i++) p[i + 1] = p[i] + values[i];
        return p;
    }

    static double prefixAt(double[] p, int k) {
        return p[Math.min(k, p.length - 1)];
    }

    /** List metrics summed over users (means taken at the end). */
    static final class ListAcc {
        int users;
        final double[] recall = new double[KS.length], ndcg = new double[KS.length], mrr = new double[KS.length],
                hit = new double[KS.length], novelty = new double[KS.length], oracle = new double[KS.length];
        final int[] noveltyN = new int[KS.length], oracleN = new int[KS.length];
        final BitSet[] covered = new BitSet[KS.length];
        double channels, categories, ild;
        int diversityN, ildN;
        boolean anyChannel, anyCategory;

        ListAcc() {
            for (int k = 0; k < KS.length; k++) covered[k] = new BitSet();
        }

        void add(Dataset d, TrainingData train, int[] vids, BitSet relevant, double[] achieved, double[] best) {
            users++;
            boolean[] hits = new boolean[vids.length];
            double[] p = new double[vids.length];
            for (int i = 0; i < vids.length; i++) {
                hits[i] = vids[i] >= 0 && relevant.get(vids[i]);
                p[i] = vids[i] >= 0 ? train.engagementProbability(vids[i]) : 1.0 / (train.usersWithTraining + 1.0);
            }
            int nRel = relevant.cardinality();
            for (int k = 0; k < KS.length; k++) {
                int K = KS[k];
                recall[k] += Metrics.recall(hits, nRel, K);
                ndcg[k] += Metrics.ndcg(hits, nRel, K);
                mrr[k] += Metrics.reciprocalRank(hits, K);
                hit[k] += Metrics.hitRate(hits, K);
                for (int i = 0; i < Math.min(K, vids.length); i++) if (vids[i] >= 0) covered[k].set(vids[i]);
                double nov = Metrics.novelty(p, K);
                if (!Double.isNaN(nov)) { novelty[k] += nov; noveltyN[k]++; }
                if (achieved != null && best != null && prefixAt(best, K) > 0) {
                    oracle[k] += prefixAt(achieved, K) / prefixAt(best, K);
                    oracleN[k]++;
                }
            }
            int n = Math.min(DIVERSITY_K, vids.length);
            int[] ch = new int[n], cat = new int[n];
            for (int i = 0; i < n; i++) {
                ch[i] = vids[i] >= 0 ? d.videoChannel[vids[i]] : -1;
                cat[i] = vids[i] >= 0 ? d.videoCategory[vids[i]] : -1;
                anyChannel |= ch[i] >= 0;
                anyCategory |= cat[i] >= 0;
            }
            if (n > 0) {
                channels += Metrics.distinct(ch, n);
                categories += Metrics.distinct(cat, n);
                diversityN++;
                double x = Metrics.intraListDiversity(cat, n);
                if (!Double.isNaN(x)) { ild += x; ildN++; }
            }
        }

        void merge(ListAcc o) {
            users += o.users;
            for (int k = 0; k < KS.length; k++) {
                recall[k] += o.recall[k]; ndcg[k] += o.ndcg[k]; mrr[k] += o.mrr[k]; hit[k] += o.hit[k];
                novelty[k] += o.novelty[k]; noveltyN[k] += o.noveltyN[k]; oracle[k] += o.oracle[k]; oracleN[k] += o.oracleN[k];
                covered[k].or(o.covered[k]);
            }
            channels += o.channels; categories += o.categories; diversityN += o.diversityN; ild += o.ild; ildN += o.ildN;
            anyChannel |= o.anyChannel; anyCategory |= o.anyCategory;
        }

        ListResult result(int catalogue, boolean withOracle) {
            var at = new LinkedHashMap<Integer, ListResult.AtK>();
            for (int k = 0; k < KS.length; k++) {
                at.put(KS[k], new ListResult.AtK(mean(recall[k], users), mean(ndcg[k], users), mean(mrr[k], users),
                        mean(hit[k], users), Metrics.coverage(covered[k].cardinality(), catalogue),
                        mean(novelty[k], noveltyN[k]), withOracle ? mean(oracle[k], oracleN[k]) : null));
            }
            return new ListResult(users, at, anyChannel ? mean(channels, diversityN) : null,
                    anyCategory ? mean(categories, diversityN) : null, anyCategory && ildN > 0 ? mean(ild, ildN) : null);
        }
    }

    /** Ranking scores and labels of every logged item, and graded NDCG per slate. */
    static final class RankAcc {
        double[] scores = new double[256];
        boolean[] labels = new boolean[256];
        int n, slates, gainSlates, gaucUsers;
        double wndcg10, wndcg20, gaucSum;
        long gaucWeight;

        void add(double score, boolean label) {
            if (n == scores.length) { scores = Arrays.copyOf(scores, n * 2); labels = Arrays.copyOf(labels, n * 2); }
            scores[n] = score;
            labels[n++] = label;
        }

        /** One user's items of all their slates; the same weighting as {@link Metrics#gauc}. */
        void addUser(double[] scores, boolean[] labels) {
            double a = Metrics.auc(scores, labels);
            if (Double.isNaN(a)) return;
            gaucSum += a * scores.length;
            gaucWeight += scores.length;
            gaucUsers++;
        }

        void addSlate(double[] gainsInRankOrder) {
            slates++;
            double total = 0;
            for (double g : gainsInRankOrder) total += g;
            if (total <= 0) return;
            gainSlates++;
            wndcg10 += Metrics.gradedNdcg(gainsInRankOrder, 10);
            wndcg20 += Metrics.gradedNdcg(gainsInRankOrder, 20);
        }

        void merge(RankAcc o) {
            for (int i = 0; i < o.n; i++) add(o.scores[i], o.labels[i]);
            slates += o.slates; gainSlates += o.gainSlates; wndcg10 += o.wndcg10; wndcg20 += o.wndcg20;
            gaucSum += o.gaucSum; gaucWeight += o.gaucWeight; gaucUsers += o.gaucUsers;
        }

        RankResult result(boolean probabilistic) {
            double[] s = Arrays.copyOf(scores, n);
            boolean[] y = Arrays.copyOf(labels, n);
            int pos = 0;
            for (boolean b : y) if (b) pos++;
            return new RankResult(slates, n, pos, Metrics.auc(s, y), probabilistic ? Metrics.logLoss(s, y) : null,
                    mean(wndcg10, gainSlates), mean(wndcg20, gainSlates), gainSlates,
                    gaucWeight == 0 ? Double.NaN : gaucSum / gaucWeight, gaucUsers);
        }
    }

    static double mean(double sum, int n) {
        return n == 0 ? Double.NaN : sum / n;
    }
}
