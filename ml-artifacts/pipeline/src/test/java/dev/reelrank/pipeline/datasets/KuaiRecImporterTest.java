package dev.reelrank.pipeline.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reelrank.pipeline.TestData;
import dev.reelrank.proto.v1.Action;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KuaiRecImporterTest {
    @Test
    void importsTheSharedSample(@TempDir Path tmp) {
        var dir = TestData.sharedData("kuairec");
        Assumptions.assumeTrue(dir.isPresent(), "skipped: ../shared/data/kuairec is absent (the real KuaiRec sample is not "
                + "committed; see ../shared/data/README.md where it exists)");
        var r = KuaiRecImporter.DEFAULTS.importFolder(dir.get(), tmp, "kuairec");
        assertEquals(93_126, r.interactions(), "rows stated in ../shared/data/README.md");
        assertEquals(1_411, r.users());
        assertEquals(0, r.skipped());
        Dataset d = Dataset.load(tmp);
        assertFalse(d.manifest.hasTimestamps());
        assertEquals(2.0, d.manifest.positiveWatchRatio());
        var first = d.interaction(0);
        assertEquals("kr-u14", first.getUserId());
        assertEquals("kr-v5225", first.getVideoId());
        assertEquals(Action.watch, first.getAction());
        assertEquals(84.8, first.getWatchSeconds(), 0.05, "100 s nominal duration × watch_ratio 0.8476");
        assertEquals(0.8476, d.watchRatio(0), 0.001);
        int positives = 0;
        for (int i = 0; i < d.rows; i++) if (d.watchRatio(i) >= 2) positives++;
        assertEquals(0.05, (double) positives / d.rows, 0.01, "about 5% positive at watch_ratio >= 2 (README)");
    }

    @Test
    void usesDurationsTimesAndCategoriesOfTheFullFormat(@TempDir Path tmp) throws Exception {
        Path in = Files.createDirectories(tmp.resolve("in"));
        Files.writeString(in.resolve("small_matrix.csv"), """
                user_id,video_id,play_duration,video_duration,time,date,timestamp,watch_ratio
                14,148,4381,6067,2020-07-05 05:27:48.378,20200705,1593898068.378,0.722
                14,183,11635,6100,2020-07-05 05:28:00.057,20200705,1593898080.057,1.907
                """);
        Files.writeString(in.resolve("item_categories.csv"), "video_id,feat\n148,[11]\n183,\"[5, 12]\"\n");
        KuaiRecImporter.DEFAULTS.importFolder(in, tmp.resolve("out"), "kr");
        Dataset d = Dataset.load(tmp.resolve("out"));
        assertTrue(d.manifest.hasTimestamps());
        assertEquals(1593898068378L, d.time[0]);
        assertEquals(4.4, d.watchSeconds[0], 0.05);
        assertEquals(6, d.videoDuration[d.video[0]]);
        assertEquals("kr-cat5", d.categories.value(d.videoCategory[d.video[1]]));
        assertEquals("kr-cat5|kr-cat12", d.videoTags[d.video[1]]);
    }
}
