package dev.reelrank.eventlog.lag;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class ConsumerGroupLagTest {
    @Test
    void lagIsEndMinusCommittedSummedPerTopic() {
        var committed = Map.of(new TopicPartition("interactions", 0), 90L, new TopicPartition("interactions", 1), 10L,
                new TopicPartition("videos", 0), 5L);
        var ends = Map.of(new TopicPartition("interactions", 0), 100L, new TopicPartition("interactions", 1), 15L,
                new TopicPartition("videos", 0), 5L);
        assertEquals(Map.of("interactions", 15L, "videos", 0L), ConsumerGroupLag.lagByTopic(committed, ends));
    }

    @Test
    void partitionsWithoutAnEndOffsetAreLeftOutAndLagIsNeverNegative() {
        var committed = Map.of(new TopicPartition("interactions", 0), 120L, new TopicPartition("interactions", 1), 3L);
        var ends = Map.of(new TopicPartition("interactions", 0), 100L);
        assertEquals(Map.of("interactions", 0L), ConsumerGroupLag.lagByTopic(committed, ends));
    }
}
