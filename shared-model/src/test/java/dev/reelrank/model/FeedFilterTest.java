package dev.reelrank.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reelrank.proto.v1.VideoFeatures;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FeedFilterTest {
    private static VideoFeatures video(String category, String language, int seconds) {
        return VideoFeatures.newBuilder().setVideoId("v").setCategory(category).setLanguage(language).setDurationSeconds(seconds).build();
    }

    @Test
    void noneAdmitsEverythingEvenAnUnknownVideo() {
        assertTrue(FeedFilter.NONE.isNone());
        assertFalse(FeedFilter.NONE.constrainsContent());
        assertTrue(FeedFilter.NONE.admitsContent(null));
        assertFalse(FeedFilter.NONE.excludes("v1"));
        assertSame(VectorIndex.Filter.NONE, FeedFilter.NONE.indexFilter());
    }

    @Test
    void exclusionsAloneNeedNoFeatures() {
        var f = FeedFilter.excluding(Set.of("v1", "v2"));
        assertFalse(f.isNone());
        assertFalse(f.constrainsContent());
        assertTrue(f.excludes("v2"));
        assertFalse(f.excludes("v3"));
        assertTrue(f.admitsContent(null), "nothing about content was asked");
    }

    @Test
    void everyContentConstraintMustHold() {
        var f = new FeedFilter(Set.of(), "music", "pt", 300);
        assertTrue(f.admitsContent(video("music", "pt", 300)), "300 s is not longer than 300 s");
        assertTrue(f.admitsContent(video("music", "pt", 1)));
        assertFalse(f.admitsContent(video("music", "pt", 301)));
        assertFalse(f.admitsContent(video("gaming", "pt", 120)));
        assertFalse(f.admitsContent(video("music", "en", 120)));
        assertFalse(f.admitsContent(video("Music", "pt", 120)), "exact, as the index compares");
        assertFalse(f.admitsContent(null), "unknown features cannot be shown to match");
    }

    @Test
    void aDurationLimitRefusesAVideoOfUnknownLength() {
        var f = new FeedFilter(Set.of(), null, null, 60);
        assertFalse(f.admitsContent(video("music", "pt", 0)));
        assertTrue(new FeedFilter(Set.of(), "music", null, 0).admitsContent(video("music", "pt", 0)), "no limit asked");
    }

    @Test
    void theIndexGetsCategoryAndLanguageButNotTheDuration() {
        assertEquals(new VectorIndex.Filter(null, Set.of("pt"), Set.of("music"), null),
                new FeedFilter(Set.of("v1"), "music", "pt", 60).indexFilter());
        assertEquals(new VectorIndex.Filter(null, null, Set.of("music"), null), new FeedFilter(Set.of(), "music", null, 0).indexFilter());
        assertSame(VectorIndex.Filter.NONE, new FeedFilter(Set.of("v1"), null, null, 60).indexFilter());
    }

    @Test
    void blankOrNegativeValuesAreProgrammingErrors() {
        assertThrows(IllegalArgumentException.class, () -> new FeedFilter(Set.of(), " ", null, 0));
        assertThrows(IllegalArgumentException.class, () -> new FeedFilter(Set.of(), null, "", 0));
        assertThrows(IllegalArgumentException.class, () -> new FeedFilter(Set.of(), null, null, -1));
        assertTrue(new FeedFilter(null, null, null, 0).isNone());
    }

    @Test
    void aRequestWithoutAFilterHasNone() {
        assertSame(FeedFilter.NONE, FeedRequest.home("r", "u", 10, null).filter());
        var f = FeedFilter.excluding(Set.of("v1"));
        var r = FeedRequest.upNext("r", "u", "s", 5, null).withFilter(f);
        assertEquals(f, r.filter());
        assertEquals("s", r.seedVideoId());
        assertEquals(5, r.limit());
    }
}
