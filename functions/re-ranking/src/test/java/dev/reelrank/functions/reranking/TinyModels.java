package dev.reelrank.functions.reranking;

import dev.reelrank.model.ranking.FeatureRow;
import dev.reelrank.model.ranking.TrainingExample;
import dev.reelrank.ranking.RankingFeatures;
import dev.reelrank.rankingmodel.MmoeConfig;
import dev.reelrank.rankingmodel.MmoeTrainer;
import java.io.IOException;
import java.io.PrintStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Real MMoE versions under the serving schema, trained in a second on random rows: enough to load, warm and switch. */
final class TinyModels {
    private TinyModels() {}

    static void train(Path root, String version, long seed) throws IOException {
        var schema = RankingFeatures.SCHEMA;
        var random = new SplittableRandom(seed);
        var examples = new ArrayList<TrainingExample>();
        for (int i = 0; i < 600; i++) {
            var cat = new String[schema.categorical().size()];
            for (int c = 0; c < cat.length; c++) cat[c] = "c" + random.nextInt(5);
            var num = new float[schema.numeric().size()];
            for (int n = 0; n < num.length; n++) num[n] = (float) random.nextDouble();
            float click = num[0] + random.nextDouble() > 1.0 ? 1 : 0;
            examples.add(new TrainingExample("u" + (i % 40), "v" + (i % 70), 1_000L * i, new FeatureRow(cat, num), click,
                    click * (float) random.nextDouble()));
        }
        var config = MmoeConfig.builder().embeddingDim(4).experts(2).expertHidden(8).towerHidden(4).epochs(1).batchSize(64)
                .minCount(1).seed(seed).build();
        try (var quiet = new PrintStream(OutputStream.nullOutputStream());
             var model = new MmoeTrainer(config, quiet).train(version, schema, examples).model()) {
            model.save(root);
        }
    }

    static List<String> versions(String prefix) {
        return List.of(prefix + "-a", prefix + "-b");
    }
}
