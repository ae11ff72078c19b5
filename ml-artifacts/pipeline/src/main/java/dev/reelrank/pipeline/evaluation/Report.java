package dev.reelrank.pipeline.evaluation;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Locale;
import java.util.Map;

/** One evaluation run: what was evaluated, how, and the results; printed as Markdown, saved as JSON. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Report(String dataset, Map<String, Long> counts, String split, String labels, int trainRows, int testRows,
                     int usersWithTestRows, int usersScored, Map<String, String> stages,
                     Map<String, ListResult> lists, Map<String, RankResult> rankings, String command, double seconds,
                     dev.reelrank.pipeline.evaluation.learned.AnnVsExact.Result annVsExact,
                     dev.reelrank.pipeline.evaluation.served.ServedFeedStage.Summary served,
                     Map<String, LoggedByBucket.Row> buckets) {

    public String markdown() {
        var sb = new StringBuilder();
        sb.append("Dataset `").append(dataset).append("`: ").append(String.format(Locale.ROOT, "%,d videos, %,d users, %,d interactions",
                counts.getOrDefault("videos", 0L), counts.getOrDefault("users", 0L), counts.getOrDefault("interactions", 0L))).append(".\n");
        sb.append("Split: ").append(split).append(String.format(Locale.ROOT, "; %,d train rows, %,d test rows.%n", trainRows, testRows));
        sb.append("Positive label: ").append(labels).append(String.format(Locale.ROOT,
                ". Users scored: %,d (with a positive test video) of %,d with test rows.%n", usersScored, usersWithTestRows));
        sb.append("Reproduce: `").append(command).append("` (").append(String.format(Locale.ROOT, "%.0f s", seconds)).append(").\n\n");

        boolean oracle = lists.values().stream().anyMatch(l -> l.atK().values().stream().anyMatch(a -> a.oracleRatio() != null));
        sb.append("| stage | K | Recall | NDCG | MRR | HitRate | Coverage | Novelty |").append(oracle ? " Oracle ratio |" : "").append('\n');
        sb.append("|---|---:|---:|---:|---:|---:|---:|---:|").append(oracle ? "---:|" : "").append('\n');
        lists.forEach((name, l) -> l.atK().forEach((k, a) -> {
            sb.append("| ").append(name).append(" | ").append(k).append(" | ").append(f(a.recall())).append(" | ").append(f(a.ndcg()))
                    .append(" | ").append(f(a.mrr())).append(" | ").append(f(a.hitRate())).append(" | ").append(f(a.coverage()))
                    .append(" | ").append(f2(a.novelty())).append(" |");
            if (oracle) sb.append(' ').append(a.oracleRatio() == null ? "—" : f(a.oracleRatio())).append(" |");
            sb.append('\n');
        }));
        sb.append("\n| stage | distinct channels in top 20 | distinct categories in top 20 | category ILD@20 |\n|---|---:|---:|---:|\n");
        lists.forEach((name, l) -> sb.append("| ").append(name).append(" | ").append(f2(l.distinctChannels20())).append(" | ")
                .append(f2(l.distinctCategories20())).append(" | ").append(f(l.categoryDiversity20())).append(" |\n"));
        if (!rankings.isEmpty()) {
            sb.append("\n| ranker | slates | items | positives | AUC | GAUC (users) | log-loss | watch-time NDCG@10 | watch-time NDCG@20 |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
            rankings.forEach((name, r) -> sb.append("| ").append(name).append(" | ").append(String.format(Locale.ROOT, "%,d", r.slates()))
                    .append(" | ").append(String.format(Locale.ROOT, "%,d", r.items())).append(" | ")
                    .append(String.format(Locale.ROOT, "%,d", r.positives())).append(" | ").append(f(r.auc())).append(" | ")
                    .append(f(r.gauc())).append(String.format(Locale.ROOT, " (%,d)", r.gaucUsers())).append(" | ")
                    .append(f(r.logLoss())).append(" | ").append(f(r.watchNdcg10())).append(" | ").append(f(r.watchNdcg20())).append(" |\n"));
        }
        if (!stages.isEmpty()) {
            sb.append('\n');
            stages.forEach((name, what) -> sb.append("- `").append(name).append("`: ").append(what).append('\n'));
        }
        if (served != null) sb.append('\n').append(served.markdown());
        if (buckets != null) sb.append(LoggedByBucket.markdown(buckets));
        if (annVsExact != null) {
            sb.append(String.format(Locale.ROOT, "%nANN index vs exact scan on the learned video vectors (%,d user queries, one thread; "
                    + "recall@K = |index top K ∩ exact top K| / K; index built in %.0f s with the embeddings):%n%n", annVsExact.queries(), annVsExact.buildSeconds()));
            sb.append(annVsExact.markdown());
        }
        return sb.toString();
    }

    private static String f(Double x) {
        return x == null || x.isNaN() ? "—" : String.format(Locale.ROOT, "%.4f", x);
    }

    private static String f2(Double x) {
        return x == null || x.isNaN() ? "—" : String.format(Locale.ROOT, "%.2f", x);
    }
}
