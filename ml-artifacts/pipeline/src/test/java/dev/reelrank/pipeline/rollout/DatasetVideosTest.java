package dev.reelrank.pipeline.rollout;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.reelrank.proto.v1.VideoFeatures;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetVideosTest {
    @Test
    void readsTheDatasetVideoTable(@TempDir Path dir) throws Exception {
        try (var w = new OutputStreamWriter(new GZIPOutputStream(Files.newOutputStream(dir.resolve("videos.csv.gz"))), StandardCharsets.UTF_8)) {
            w.write("video_id,channel_id,category,tags,language,region,duration_seconds,published_at_ms,title\n");
            w.write("v0,c281,diy,diy-4|diy-4-t0,es,MX,178,1713554157570,\"Say \"\"hi\"\", then go\"\n");
            w.write("kr-v1,,,,,,100,,\n");
        }
        var got = new ArrayList<VideoFeatures>();
        DatasetVideos.forEach(dir, got::add);
        assertEquals(2, got.size());
        VideoFeatures v = got.getFirst();
        assertEquals("c281", v.getChannelId());
        assertEquals(List.of("diy-4", "diy-4-t0"), v.getTagsList());
        assertEquals("Say \"hi\", then go", v.getTitle());
        assertEquals(178, v.getDurationSeconds());
        assertEquals(1713554157L, v.getPublishedAt().getSeconds());
        assertEquals(570_000_000, v.getPublishedAt().getNanos());
        assertEquals("", got.get(1).getCategory());
        assertEquals(false, got.get(1).hasPublishedAt());
    }
}
