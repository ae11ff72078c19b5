package dev.reelrank.rankingmodel;

import dev.reelrank.model.ranking.FeatureRow;
import dev.reelrank.model.ranking.FeatureSchema;
import dev.reelrank.model.ranking.TrainingExample;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Impressions with a planted signal: a user segment likes two of the eight categories (a cross no
 * single feature reveals), fresher videos get more clicks, and shorter videos are watched to a
 * larger share once played. Everything else is noise, including a high-cardinality video id.
 */
final class Synthetic {
    static final FeatureSchema SCHEMA = new FeatureSchema(List.of("user_segment", "video_category", "video_id"),
            List.of("freshness", "log_duration", "noise"));
    static final long T0 = 1_767_225_600_000L;   // 2026-01-01

    private Synthetic() {}

    static boolean likes(int segment, int category) {
        return category == (segment * 2) % 8 || category == (segment * 2 + 1) % 8;
    }

    static List<TrainingExample> examples(int n, long seed) {
        var r = new SplittableRandom(seed);
        var out = new ArrayList<TrainingExample>(n);
        for (int i = 0; i < n; i++) {
            int segment = r.nextInt(5), category = r.nextInt(8), video = r.nextInt(300);
            float freshness = (float) r.nextDouble(), logDuration = (float) (3 + 3 * r.nextDouble()), noise = (float) r.nextGaussian();
            boolean match = likes(segment, category);
            double z = -1.8 + (match ? 3.0 : 0) + 3.0 * (freshness - 0.5);
            float click = r.nextDouble() < 1 / (1 + Math.exp(-z)) ? 1f : 0f;
            float ratio = 0;
            if (click == 1f) {
                double mean = 0.75 - 0.15 * (logDuration - 4.5) + (match ? 0.15 : 0);
                ratio = (float) Math.max(0, Math.min(1.5, mean + 0.1 * r.nextGaussian()));
            }
            var row = new FeatureRow(new String[] {"s" + segment, "c" + category, "v" + video},
                    new float[] {freshness, logDuration, noise});
            out.add(new TrainingExample("u" + r.nextInt(1000), "v" + video, T0 + i * 1000L, row, click, ratio));
        }
        return out;
    }

    static List<FeatureRow> rows(List<TrainingExample> examples) {
        return examples.stream().map(TrainingExample::features).toList();
    }

    /** Small and fast: the tests train for a second or two. */
    static MmoeConfig config() {
        return MmoeConfig.builder().embeddingDim(8).experts(3).expertHidden(32, 16).towerHidden(8)
                .learningRate(5e-3f).epochs(8).batchSize(256).patience(2).minCount(2).seed(7).build();
    }
}
