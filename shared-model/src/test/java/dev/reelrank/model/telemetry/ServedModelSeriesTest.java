package dev.reelrank.model.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServedModelSeriesTest {
    final List<List<String>> live = new ArrayList<>();
    int registrations;
    final ServedModelSeries<List<String>> series = new ServedModelSeries<>("ranking",
            tags -> { registrations++; live.add(tags); return tags; }, live::remove);

    @Test
    void oneSeriesForTheVersionServedNow() {
        series.serving("heuristic-v0");
        series.serving("mmoe-1");
        assertEquals(List.of(List.of("model", "ranking", "version", "mmoe-1")), live);
    }

    @Test
    void theSameVersionAgainRegistersNothing() {
        series.serving("mmoe-1");
        series.serving("mmoe-1");
        assertEquals(1, registrations);
        assertEquals(1, live.size());
    }

    @Test
    void noneRemovesTheSeries() {
        series.serving(null);
        assertEquals(List.of(), live);
        series.serving("mmoe-1");
        series.serving(null);
        assertEquals(List.of(), live);
    }
}
