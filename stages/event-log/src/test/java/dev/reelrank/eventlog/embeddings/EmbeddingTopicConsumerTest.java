package dev.reelrank.eventlog.embeddings;

import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.reelrank.model.VectorIndex;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What needs no Kafka; the modes themselves are tested against a broker in EmbeddingTopicConsumerIT. */
class EmbeddingTopicConsumerTest {
    private static final VectorIndex NONE = new VectorIndex() {
        @Override
        public void upsert(List<Entry> entries) {}

        @Override
        public void delete(List<String> videoIds) {}

        @Override
        public List<Neighbor> search(float[] query, int k, Filter filter) {
            return List.of();
        }

        @Override
        public long size() {
            return 0;
        }
    };

    @Test
    void sharedModeNeedsAGroup() {
        var config = EmbeddingTopicConsumer.Config.defaults("127.0.0.1:1", "v1");
        assertThrows(IllegalArgumentException.class, () -> EmbeddingTopicConsumer.sharedGroup(config, NONE, " "));
        assertThrows(IllegalArgumentException.class, () -> EmbeddingTopicConsumer.sharedGroup(config, NONE, null));
    }
}
