package dev.reelrank.retrievalmodel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VocabularyTest {

    @Test
    void mostFrequentFirstWithOovAtZeroAndCaps() {
        var v = Vocabulary.fromCounts(Map.of("a", 5L, "b", 9L, "c", 5L, "rare", 1L, "", 100L), 2, 3);
        assertEquals(List.of("b", "a"), v.values(), "ties broken by value; size cap counts the OOV bucket");
        assertEquals(3, v.size());
        assertEquals(1, v.id("b"));
        assertEquals(Vocabulary.OOV, v.id("c"));
        assertEquals(Vocabulary.OOV, v.id("rare"));
        assertEquals(Vocabulary.OOV, v.id(null));
        assertNull(v.token(0));
    }

    @Test
    void writeReadRoundTripKeepsEveryId(@TempDir Path dir) throws Exception {
        var vocab = Fixtures.vocab();
        vocab.write(dir);
        var back = Vocabularies.read(dir);
        assertEquals(vocab, back);
        for (String s : List.of("v1", "v2", "v3", "v4", "nope")) assertEquals(vocab.videos().id(s), back.videos().id(s));
    }

    @Test
    void extendingKeepsOldIdsAndAppendsNewValues() {
        var old = Vocabulary.of(List.of("x", "y"));
        var fresh = Vocabulary.of(List.of("z", "y", "w"));
        var ext = old.extendedWith(fresh, 5);
        assertEquals(List.of("x", "y", "z", "w"), ext.values());
        assertEquals(List.of("x", "y", "z"), old.extendedWith(fresh, 4).values());
    }
}
