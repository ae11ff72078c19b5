package dev.reelrank.retrievalmodel;

import com.google.protobuf.Timestamp;
import dev.reelrank.proto.v1.Action;
import dev.reelrank.proto.v1.HistoryEntry;
import dev.reelrank.proto.v1.UserFeatures;
import dev.reelrank.proto.v1.VideoFeatures;
import java.time.Instant;
import java.util.List;

final class Fixtures {
    private Fixtures() {}

    static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

    static Vocabularies vocab() {
        return new Vocabularies(Vocabulary.of(List.of("v1", "v2", "v3", "v4")), Vocabulary.of(List.of("c1", "c2")),
                Vocabulary.of(List.of("music", "gaming")), Vocabulary.of(List.of("en", "pt")),
                Vocabulary.of(List.of("US", "BR")), Vocabulary.of(List.of("mobile", "tv")));
    }

    static ModelConfig smallConfig() {
        return new ModelConfig(16, 8, 4, 4, 16, 5, 3, 2, 3, 64);
    }

    static VideoFeatures video(String id, String channel, String category, int duration, Instant published, String... tags) {
        return VideoFeatures.newBuilder().setVideoId(id).setChannelId(channel).setCategory(category).setLanguage("en")
                .setDurationSeconds(duration).setPublishedAt(Timestamp.newBuilder().setSeconds(published.getEpochSecond()))
                .addAllTags(List.of(tags)).build();
    }

    static HistoryEntry entry(String video, Action a, double ratio) {
        return HistoryEntry.newBuilder().setVideoId(video).setAction(a).setWatchRatio(ratio).setWatchSeconds(ratio * 100).build();
    }

    static UserFeatures user() {
        return UserFeatures.newBuilder().setUserId("u1")
                .addRecent(entry("v2", Action.watch, 0.8))
                .addRecent(entry("v3", Action.skip, 0))
                .addRecent(entry("zz-unknown", Action.like, 0))
                .addRecent(entry("v1", Action.watch, 1.7))
                .putChannelAffinity("c1", 2.0).putChannelAffinity("c2", 4.0).putChannelAffinity("c9", -1.0)
                .putCategoryAffinity("music", 1.0)
                .setHomeRegion("BR").setLastDevice("tv").build();
    }
}
