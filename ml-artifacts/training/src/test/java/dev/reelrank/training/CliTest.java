package dev.reelrank.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class CliTest {

    @Test
    void logQWeightDefaultsToTheTrainerDefaultAndIsParsed() {
        assertEquals(TrainOptions.DEFAULT_LOGQ_WEIGHT, Cli.parse(List.of("--from", "x")).options().logQWeight());
        assertEquals(2.5, Cli.parse(List.of("--from", "x", "--logq-weight", "2.5")).options().logQWeight());
        assertEquals(0.0, Cli.parse(List.of("--from", "x", "--logq-weight", "0")).options().logQWeight());
    }

    @Test
    void logQWeightOutsideItsRangeIsRejected() {
        var e = assertThrows(IllegalArgumentException.class, () -> Cli.parse(List.of("--from", "x", "--logq-weight", "-1")));
        assertEquals("--logq-weight must be in [0, 10]", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Cli.parse(List.of("--from", "x", "--logq-weight", "abc")));
    }
}
