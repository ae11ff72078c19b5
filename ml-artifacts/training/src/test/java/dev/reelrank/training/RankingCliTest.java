package dev.reelrank.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.reelrank.ranking.RankingFeatures;
import dev.reelrank.rankingmodel.MmoeModel;
import dev.reelrank.rankingmodel.RankingArtifacts;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RankingCliTest {

    @Test
    void trainsATinyModelOnTheEvaluatorsTrainingRowsAndPointsLatestAtIt(@TempDir Path tmp) throws Exception {
        Path data = TinyWorld.write(Files.createDirectories(tmp.resolve("tiny")), 7);
        Path out = tmp.resolve("models");
        var cl = Cli.commandLine();
        var err = new StringWriter();
        cl.setErr(new PrintWriter(err));
        int code = cl.execute("ranking", "--from", data.toString(), "--out", out.toString(), "--epochs", "2",
                "--version", "mmoe-tiny", "--experts", "2", "--embedding-dim", "4", "--min-count", "2");
        assertEquals(0, code, err.toString());

        Path dir = out.resolve("mmoe/mmoe-tiny");
        assertEquals(java.util.Optional.of("mmoe-tiny"), new RankingArtifacts(out).latest());
        @SuppressWarnings("unchecked")
        Map<String, Object> md = new ObjectMapper().readValue(dir.resolve("metadata.json").toFile(), Map.class);
        @SuppressWarnings("unchecked")
        Map<String, Object> dataMd = (Map<String, Object>) md.get("data");
        assertEquals("tiny", dataMd.get("dataset"));
        // TinyWorld has timestamps: the evaluator's default split is the time split, whose test rows never train.
        assertTrue(String.valueOf(dataMd.get("split")).startsWith("global time split"), dataMd.toString());
        int trainingRows = ((Number) dataMd.get("trainingRows")).intValue() + ((Number) dataMd.get("validationRows")).intValue();
        int all = TinyWorld.USERS * TinyWorld.WATCHES;
        assertTrue(trainingRows < all && trainingRows > all / 2, "examples " + trainingRows + " of " + all + " rows");
        @SuppressWarnings("unchecked")
        Map<String, Object> hyper = (Map<String, Object>) md.get("hyperparameters");
        assertEquals(2, ((Number) hyper.get("experts")).intValue());
        assertTrue(String.valueOf(md.get("producedBy")).contains("scripts/train ranking --from"));
        try (var model = MmoeModel.loadVersionOrLatest(out)) {
            model.requireSchema(RankingFeatures.SCHEMA);
            assertEquals("mmoe-tiny", model.version());
        }
    }

    @Test
    void badOptionsExitWithTwoAndSayWhich(@TempDir Path tmp) {
        var cl = Cli.commandLine();
        var err = new StringWriter();
        cl.setErr(new PrintWriter(err));
        assertEquals(2, cl.execute("ranking", "--from", tmp.toString(), "--experts", "0"));
        assertTrue(err.toString().contains("experts must be >= 1"), err.toString());
        assertEquals(2, cl.execute("ranking", "--from", tmp.toString(), "--holdout", "sideways"));
        assertTrue(err.toString().contains("--holdout must be"), err.toString());
        assertTrue(List.of(cl.getSubcommands().keySet().toArray()).contains("ranking"));
    }
}
