package dev.reelrank.retrievalmodel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.reelrank.model.RequestContext;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class FeatureEncoderTest {
    private final FeatureEncoder enc = new FeatureEncoder(Fixtures.smallConfig(), Fixtures.vocab());

    @Test
    void userHistoryIsWeightedByWatchRatioAndSkipsNegativeSignals() {
        EncodedUser u = enc.encodeUser(Fixtures.user(), RequestContext.UNKNOWN);
        // newest first: v2 watched 80%, (v3 skipped: left out), unknown video liked → OOV, v1 ratio clamped to 1
        assertArrayEquals(new int[] {2, 0, 1, 0, 0}, u.history());
        assertArrayEquals(new float[] {0.8f, 1f, 1f, 0f, 0f}, u.historyWeights(), 1e-6f);
        // channels by affinity, negative ones dropped, weights relative to the strongest
        assertArrayEquals(new int[] {2, 1, 0}, u.channels());
        assertArrayEquals(new float[] {1f, 0.5f, 0f}, u.channelWeights(), 1e-6f);
        assertArrayEquals(new int[] {1, 0}, u.categories());
        assertEquals(2, u.region(), "home region BR when the request does not say");
        assertEquals(2, u.device());
    }

    @Test
    void requestContextWinsOverStoredRegionAndDevice() {
        EncodedUser u = enc.encodeUser(Fixtures.user(), new RequestContext("mobile", "US", null));
        assertEquals(1, u.region());
        assertEquals(1, u.device());
        EncodedUser unknown = enc.encodeUser(Fixtures.user(), new RequestContext("fridge", "ZZ", null));
        assertEquals(Vocabulary.OOV, unknown.region());
        assertEquals(Vocabulary.OOV, unknown.device());
    }

    @Test
    void videoEncodingHashesTagsAndBucketsDurationAndAge() {
        var v = Fixtures.video("v3", "c2", "gaming", 400, Fixtures.NOW.minus(Duration.ofDays(10)), "Speedrun", "mario", " ", "retro", "extra");
        EncodedVideo e = enc.encodeVideo(v, Fixtures.NOW);
        assertEquals(3, e.id());
        assertEquals(2, e.channel());
        assertEquals(2, e.category());
        assertEquals(1, e.language());
        assertEquals(4, e.durationBucket(), "400 s is in [300,600): bucket 4 (bucket 1 is [0,60))");
        assertEquals(5, e.ageBucket(), "10 days is in [7,14): bucket 5");
        assertEquals(TagHasher.bucket("speedrun", 64), e.tags()[0], "tags are case-insensitive");
        assertEquals(TagHasher.bucket("retro", 64), e.tags()[2], "blank tags are skipped, maxTags = 3");
        for (int t : e.tags()) assertNotEquals(0, t);
        EncodedVideo unknown = enc.encodeVideo(Fixtures.video("new", "cX", "", 0, Fixtures.NOW), null);
        assertEquals(0, unknown.id());
        assertEquals(0, unknown.channel());
        assertEquals(0, unknown.durationBucket());
        assertEquals(0, unknown.ageBucket());
    }

    @Test
    void bucketsAndHashesAreStable() {
        assertEquals(0, Buckets.duration(0));
        assertEquals(1, Buckets.duration(59));
        assertEquals(2, Buckets.duration(60));
        assertEquals(Buckets.DURATION_BUCKETS - 1, Buckets.duration(100_000));
        assertEquals(1, Buckets.age(Fixtures.NOW.toEpochMilli(), Fixtures.NOW), "published today");
        assertEquals(1, Buckets.age(Fixtures.NOW.plusSeconds(3600).toEpochMilli(), Fixtures.NOW), "clock skew counts as today");
        // FNV-1a of "a" is 0xe40c292c; the bucket must never change between releases
        assertEquals(1 + Integer.remainderUnsigned(0xe40c292c, 2047), TagHasher.bucket("a", 2048));
    }
}
