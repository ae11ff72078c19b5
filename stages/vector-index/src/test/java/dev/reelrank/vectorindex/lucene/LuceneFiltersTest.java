package dev.reelrank.vectorindex.lucene;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.reelrank.model.VectorIndex.Filter;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LuceneFiltersTest {
    @Test
    void noConstraintMeansNoFilterQuery() {
        assertNull(LuceneFilters.toQuery(null));
        assertNull(LuceneFilters.toQuery(Filter.NONE));
        assertNull(LuceneFilters.toQuery(new Filter(Set.of(), Set.of(), Set.of(), null)));
    }

    @Test
    void eachConstraintIsOneFilterClause() {
        var q = LuceneFilters.toQuery(new Filter(Set.of("US", "FR"), Set.of("en"), null, Instant.ofEpochMilli(1000)));
        var s = q.toString();
        assertEquals(3, ((org.apache.lucene.search.BooleanQuery) q).clauses().size(), s);
        assertEquals(true, s.contains("published_at:[1001 TO 9223372036854775807]"), s);
    }
}
