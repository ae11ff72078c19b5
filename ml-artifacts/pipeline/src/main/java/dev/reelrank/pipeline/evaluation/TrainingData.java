package dev.reelrank.pipeline.evaluation;

import dev.reelrank.model.EngagementWeights;
import dev.reelrank.pipeline.datasets.Dataset;
import dev.reelrank.proto.v1.Action;
import java.util.Arrays;

/**
 * The evaluator's view of the training split: each user's training rows in time order and
 * per-video counters, computed from training rows only. Every system under evaluation (features,
 * baselines, rankers) is built from this object, never from the dataset directly, which is what
 * keeps test interactions out of training.
 */
public final class TrainingData {
    public final Dataset data;
    public final Split split;
    public final Labels labels;
    /** Training rows of user u: rows[start[u] .. start[u+1]), in time order. */
    final int[] start, rows;
    /** Per video, from training rows. */
    final double[] popularity;
    final int[] impressions, clicks, labelled, positives, engagedUsers;
    final int usersWithTraining;

    public TrainingData(Dataset d, Split split, Labels labels) {
        this.data = d;
        this.split = split;
        this.labels = labels;
        int users = d.userCount(), videos = d.videoCount();
        start = new int[users + 1];
        for (int i = 0; i < d.rows; i++) if (split.isTrain(i)) start[d.user[i] + 1]++;
        for (int u = 0; u < users; u++) start[u + 1] += start[u];
        rows = new int[start[users]];
        int[] next = Arrays.copyOf(start, users);
        for (int i = 0; i < d.rows; i++) if (split.isTrain(i)) rows[next[d.user[i]]++] = i;
        sortByTime(d);

        popularity = new double[videos];
        impressions = new int[videos]; clicks = new int[videos]; labelled = new int[videos]; positives = new int[videos];
        engagedUsers = new int[videos];
        int[] lastUser = new int[videos];
        Arrays.fill(lastUser, -1);
        int withTraining = 0;
        var weights = EngagementWeights.DEFAULTS;
        for (int u = 0; u < users; u++) {
            if (start[u + 1] > start[u]) withTraining++;
            for (int k = start[u]; k < start[u + 1]; k++) {
                int i = rows[k], v = d.video[i];
                if (v < 0) continue;
                int a = d.action[i];
                popularity[v] += weights.of(d.interaction(i));
                if (a == Action.impression_VALUE) impressions[v]++;
                if (a == Action.click_VALUE) clicks[v]++;
                if (a != Action.impression_VALUE && a != Action.click_VALUE) {
                    labelled[v]++;
                    if (labels.positive(d, i)) positives[v]++;
                }
                if (Labels.engaged(d, i) && lastUser[v] != u) { lastUser[v] = u; engagedUsers[v]++; }
            }
        }
        usersWithTraining = withTraining;
    }

    /** Files are per-user time ordered already; this keeps that true for imports that are not. */
    private void sortByTime(Dataset d) {
        for (int u = 0; u + 1 < start.length; u++) {
            int from = start[u], to = start[u + 1];
            boolean sorted = true;
            for (int k = from + 1; k < to && sorted; k++) sorted = d.time[rows[k - 1]] <= d.time[rows[k]];
            if (sorted) continue;
            Integer[] block = new Integer[to - from];
            for (int k = from; k < to; k++) block[k - from] = rows[k];
            Arrays.sort(block, (a, b) -> Long.compare(d.time[a], d.time[b]));
            for (int k = from; k < to; k++) rows[k] = block[k - from];
        }
    }

    /** The user's training rows, in time order. */
    public int[] trainRows(int user) {
        return Arrays.copyOfRange(rows, start[user], start[user + 1]);
    }

    public int trainRowsOf(int user) {
        return start[user + 1] - start[user];
    }

    public int impressions(int v) { return impressions[v]; }

    public int clicks(int v) { return clicks[v]; }

    /** Training rows of v that can carry a label (not impressions or clicks). */
    public int labelled(int v) { return labelled[v]; }

    public int positives(int v) { return positives[v]; }

    public double popularity(int v) { return popularity[v]; }

    /** Probability that a training user engaged with video v, add-one smoothed (for novelty). */
    public double engagementProbability(int v) {
        return (engagedUsers[v] + 1.0) / (usersWithTraining + 1.0);
    }
}
