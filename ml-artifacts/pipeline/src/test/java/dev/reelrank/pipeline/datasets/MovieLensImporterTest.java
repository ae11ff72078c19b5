package dev.reelrank.pipeline.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reelrank.proto.v1.Action;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** On a small sample in the MovieLens formats, written here (no MovieLens data is committed). */
class MovieLensImporterTest {
    @Test
    void importsTheCsvFormat(@TempDir Path tmp) throws Exception {
        Path in = Files.createDirectories(tmp.resolve("ml-sample"));
        Files.writeString(in.resolve("movies.csv"), """
                movieId,title,genres
                1,Toy Story (1995),Adventure|Animation|Children
                2,"American President, The (1995)",Comedy|Drama|Romance
                3,Heat (1995),(no genres listed)
                """);
        // Not in time order within a user, as in the real files (sorted by movieId).
        Files.writeString(in.resolve("ratings.csv"), """
                userId,movieId,rating,timestamp
                1,1,4.0,964982703
                1,2,2.5,964981247
                1,3,4.5,964983815
                2,2,5.0,835355493
                2,3,3.5,not-a-number
                """);
        var r = new MovieLensImporter(4.0).importFolder(in, tmp.resolve("out"), "ml-test");
        assertEquals(2, r.users());
        assertEquals(3, r.videos());
        assertEquals(4, r.interactions());
        assertEquals(1, r.skipped());

        Dataset d = Dataset.load(tmp.resolve("out"));
        assertEquals("ml-test", d.manifest.name());
        assertNull(d.manifest.positiveWatchRatio(), "ratings carry no watch time");
        int toyStory = d.videos.find("ml-v1"), president = d.videos.find("ml-v2"), heat = d.videos.find("ml-v3");
        assertEquals("American President, The (1995)", d.videoTitle[president]);
        assertEquals("Adventure", d.categories.value(d.videoCategory[toyStory]));
        assertEquals("Adventure|Animation|Children", d.videoTags[toyStory]);
        assertEquals(-1, d.videoCategory[heat]);

        // user 1 in time order: movie 2 (2.5 → dislike), movie 1 (4.0 → like, at the threshold), movie 3 (4.5 → like)
        assertEquals(List.of("ml-u1:ml-v2:dislike:964981247000", "ml-u1:ml-v1:like:964982703000",
                "ml-u1:ml-v3:like:964983815000", "ml-u2:ml-v2:like:835355493000"), rows(d));
    }

    @Test
    void importsTheDatFormat(@TempDir Path tmp) throws Exception {
        Path in = Files.createDirectories(tmp.resolve("ml-1m"));
        Files.writeString(in.resolve("movies.dat"), "1::Toy Story (1995)::Animation|Children's|Comedy\n2::Jumanji (1995)::Adventure\n");
        Files.writeString(in.resolve("ratings.dat"), "7::2::3::978300760\n7::1::5::978300700\n");
        new MovieLensImporter(3.5).importFolder(in, tmp.resolve("out"), "ml-1m");
        Dataset d = Dataset.load(tmp.resolve("out"));
        assertEquals(List.of("ml-u7:ml-v1:like:978300700000", "ml-u7:ml-v2:dislike:978300760000"), rows(d));
        assertEquals(Action.like, d.interaction(0).getAction());
        assertTrue(d.interaction(0).hasOccurredAt());
    }

    @Test
    void saysWhatIsMissing(@TempDir Path tmp) {
        var e = assertThrows(IllegalArgumentException.class, () -> MovieLensImporter.DEFAULTS.importFolder(tmp, tmp.resolve("o"), "x"));
        assertTrue(e.getMessage().contains("ratings.csv"));
    }

    private static List<String> rows(Dataset d) {
        var out = new java.util.ArrayList<String>();
        for (int i = 0; i < d.rows; i++) {
            out.add(d.users.value(d.user[i]) + ":" + d.videos.value(d.video[i]) + ":" + d.actionOf(i).name() + ":" + d.time[i]);
        }
        return out;
    }
}
