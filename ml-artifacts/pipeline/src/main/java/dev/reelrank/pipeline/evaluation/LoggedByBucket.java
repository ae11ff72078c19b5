package dev.reelrank.pipeline.evaluation;

import dev.reelrank.pipeline.datasets.Dataset;
import dev.reelrank.proto.v1.Action;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * What users of each experiment bucket did in the test period, from the logged rows: the online
 * side of an A/B comparison, beside the offline metrics of the stages.
 *
 * <p>A user's bucket is the one their rows name (feed-assembly's served impressions carry it; the
 * assignment is by user, so one bucket per user, and a client's click need not repeat it); every
 * test row of the user counts for that bucket. Impressions are counted once per (user, request,
 * video), as the online counters do ({@code ServedImpressions}), so a served impression and the
 * client's of the same item are one; impressions without a request each count.
 */
public final class LoggedByBucket {
    private LoggedByBucket() {}

    /**
     * @param impressions distinct (request, video) exposures
     * @param ctr         clicks / impressions
     * @param watchSecondsPerImpression watch seconds / impressions
     */
    public record Row(int users, int requests, long impressions, long clicks, long watches, double watchSeconds, Double ctr,
                      Double watchSecondsPerImpression) {}

    /** Per bucket name, sorted; null when no row names a bucket. */
    public static Map<String, Row> of(Dataset d, Split split) {
        if (d.buckets.size() == 0) return null;
        int[] userBucket = new int[d.users.size()];
        Arrays.fill(userBucket, -1);
        for (int r = 0; r < d.rows; r++) if (d.bucket[r] >= 0 && userBucket[d.user[r]] < 0) userBucket[d.user[r]] = d.bucket[r];
        int n = d.buckets.size();
        var users = new HashSet<Integer>();
        var requests = new HashSet<Long>();
        var exposures = new HashSet<String>();
        long[] impressions = new long[n], clicks = new long[n], watches = new long[n];
        double[] watchSeconds = new double[n];
        int[] userCount = new int[n], requestCount = new int[n];
        for (int r = 0; r < d.rows; r++) {
            if (split.isTrain(r)) continue;
            int u = d.user[r], b = userBucket[u];
            if (b < 0) continue;
            if (users.add(u)) userCount[b]++;
            if (d.request[r] >= 0 && requests.add(((long) u << 32) | d.request[r])) requestCount[b]++;
            int a = d.action[r];
            if (a == Action.impression_VALUE) {
                if (d.request[r] < 0 || d.video[r] < 0 || exposures.add(u + "\n" + d.request[r] + "\n" + d.video[r])) impressions[b]++;
            } else if (a == Action.click_VALUE) {
                clicks[b]++;
            } else if (a == Action.watch_VALUE) {
                watches[b]++;
                watchSeconds[b] += d.watchSeconds[r];
            }
        }
        var out = new TreeMap<String, Row>();
        for (int b = 0; b < n; b++) {
            Double ctr = impressions[b] > 0 ? (double) clicks[b] / impressions[b] : null;
            Double perImpression = impressions[b] > 0 ? watchSeconds[b] / impressions[b] : null;
            out.put(d.buckets.value(b), new Row(userCount[b], requestCount[b], impressions[b], clicks[b], watches[b], watchSeconds[b],
                    ctr, perImpression));
        }
        return new LinkedHashMap<>(out);
    }

    static String markdown(Map<String, Row> buckets) {
        var sb = new StringBuilder("\nLogged behaviour per experiment bucket (test period; impressions once per user, request and video):\n\n");
        sb.append("| bucket | users | requests | impressions | clicks | CTR | watches | watch s / impression |\n|---|---:|---:|---:|---:|---:|---:|---:|\n");
        buckets.forEach((name, r) -> sb.append(String.format(Locale.ROOT, "| %s | %,d | %,d | %,d | %,d | %s | %,d | %s |%n", name, r.users(),
                r.requests(), r.impressions(), r.clicks(), r.ctr() == null ? "—" : String.format(Locale.ROOT, "%.4f", r.ctr()), r.watches(),
                r.watchSecondsPerImpression() == null ? "—" : String.format(Locale.ROOT, "%.2f", r.watchSecondsPerImpression()))));
        return sb.toString();
    }
}
