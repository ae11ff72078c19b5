package dev.reelrank.vectorindex.qdrant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reelrank.model.VectorIndex.Filter;
import io.qdrant.client.grpc.Common.Condition;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class QdrantFiltersTest {
    @Test
    void noConstraintSendsNoFilter() {
        assertTrue(QdrantFilters.toFilter(null).isEmpty());
        assertTrue(QdrantFilters.toFilter(Filter.NONE).isEmpty());
        assertTrue(QdrantFilters.toFilter(new Filter(Set.of(), Set.of(), Set.of(), null)).isEmpty());
    }

    @Test
    void everyConstraintIsAMustCondition() {
        var f = QdrantFilters.toFilter(new Filter(Set.of("US"), Set.of("fr", "en"), Set.of("music"),
                Instant.parse("2026-11-01T00:00:00Z"))).orElseThrow();
        assertEquals(0, f.getShouldCount());
        List<Condition> must = f.getMustList();
        assertEquals(4, must.size());

        var region = must.get(0).getField();
        assertEquals("region", region.getKey());
        assertEquals("US", region.getMatch().getKeyword());

        var language = must.get(1).getField();
        assertEquals("language", language.getKey());
        assertEquals(List.of("en", "fr"), language.getMatch().getKeywords().getStringsList());

        assertEquals("music", must.get(2).getField().getMatch().getKeyword());

        var published = must.get(3).getField();
        assertEquals("published_at", published.getKey());
        assertEquals(Instant.parse("2026-11-01T00:00:00Z").toEpochMilli(), published.getRange().getGt(), 0.0);
        assertTrue(!published.getRange().hasGte(), "strictly after");
    }
}
