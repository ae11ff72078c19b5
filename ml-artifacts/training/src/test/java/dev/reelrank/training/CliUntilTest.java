package dev.reelrank.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code --until}: the archive window can end on a past day (an archive of historical event times). */
class CliUntilTest {
    @Test
    void untilSetsTheLastDayOfTheArchiveWindow() {
        var p = Cli.parse(List.of("--until", "2026-01-20", "--days", "20"));
        assertEquals(LocalDate.parse("2026-01-20"), p.archive().until());
        assertEquals(20, p.archive().days());
        assertNull(Cli.parse(List.of("--days", "3")).archive().until(), "default: today");
        var e = assertThrows(IllegalArgumentException.class, () -> Cli.parse(List.of("--until", "20.1.2026")));
        assertTrue(e.getMessage().contains("--until"), e.getMessage());
    }
}
