package dev.reelrank.streamingfeatures;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.reelrank.model.VideoStatsDelta;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;

/** The served impression and the client's of one item pass once; other exposures all pass. */
class FirstImpressionOnlyTest {
    private static InteractionEvent impression(String video, String key, long t) {
        return new InteractionEvent(video, "BR", new VideoStatsDelta(1, 0, 0, 0, 0, 0, 0, 0, 0), 0, t, key);
    }

    @Test
    void eachCountingKeyPassesOnce() throws Exception {
        var env = StreamExecutionEnvironment.createLocalEnvironment(1);
        var in = List.of(
                impression("v1", "u1\nr1\nv1", 1), // served
                impression("v2", "u1\nr1\nv2", 2),
                impression("v1", "u1\nr1\nv1", 3), // the client's of the same item
                impression("v1", "u1\nr2\nv1", 4), // another request: another exposure
                impression("v1", "u2\nr1\nv1", 5)); // another user
        var out = new ArrayList<InteractionEvent>();
        try (var it = env.fromData(in).keyBy(InteractionEvent::countingKey).process(new FirstImpressionOnly(Duration.ofHours(1)))
                .executeAndCollect()) {
            it.forEachRemaining(out::add);
        }
        assertEquals(List.of(1L, 2L, 4L, 5L), out.stream().map(InteractionEvent::eventTimeMillis).sorted().toList());
    }
}
