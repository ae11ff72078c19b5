package dev.reelrank.streamingfeatures;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointsTest {
    @TempDir
    Path dir;

    @Test
    void theNewestCompletedCheckpointAcrossRunsWins() throws Exception {
        assertEquals(Optional.empty(), Checkpoints.latest(dir.resolve("missing")));
        assertEquals(Optional.empty(), Checkpoints.latest(dir));
        Path old = completed("job-a", "chk-7", 1_000);
        assertEquals(Optional.of(old), Checkpoints.latest(dir));
        Path newer = completed("job-b", "chk-2", 2_000);
        Files.createDirectories(dir.resolve("job-b/chk-3"));      // interrupted: no _metadata
        Files.createDirectories(dir.resolve("job-b/shared"));
        assertEquals(Optional.of(newer), Checkpoints.latest(dir));
    }

    @Test
    void settingsHaveDefaultsAndReadPropertiesBeforeTheEnvironment() {
        var d = StreamingFeaturesConfig.load(k -> null, Map.of());
        assertEquals("interactions", d.topic());
        assertEquals(1000, d.flushInterval().toMillis());
        assertEquals(3_600_000, d.halfLife().toMillis());
        assertEquals("streaming-features-dead-letter", d.deadLetterTopic());
        var s = StreamingFeaturesConfig.load(k -> k.equals("topic") ? "scratch" : null,
                Map.of("STREAMING_FEATURES_TOPIC", "env-topic", "STREAMING_FEATURES_HALF_LIFE", "PT10M"));
        assertEquals("scratch", s.topic());
        assertEquals(600_000, s.halfLife().toMillis());
        assertEquals(dir.toUri().toString().replaceAll("/$", ""),
                new StreamingFeaturesConfig("b", "t", "g", "latest", false, "d", "c", "dc", "r", "p", 1,
                        d.halfLife(), d.flushInterval(), d.outOfOrderness(), d.idleness(), dir.toString(),
                        d.checkpointInterval(), "none", 1, d.progressInterval(), "stores", d.impressionDedupTtl(),
                        d.restartInitialBackoff(), d.restartMaxBackoff(), d.stallTimeout()).checkpointUri().replaceAll("/$", ""));
    }

    private Path completed(String job, String chk, long modified) throws Exception {
        Path p = Files.createDirectories(dir.resolve(job).resolve(chk));
        Path m = Files.writeString(p.resolve("_metadata"), "x");
        Files.setLastModifiedTime(m, FileTime.fromMillis(modified));
        return p;
    }
}
