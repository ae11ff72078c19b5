package dev.reelrank.knative;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.knative.eventing.v1alpha1.KafkaSink;
import io.fabric8.knative.serving.v1.Service;
import io.fabric8.knative.sources.v1beta1.KafkaSource;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The KafkaSources that let embedding-refresh and event-archiver scale to zero. */
class EventDeliveryTest {
    private static final String ORDER = "kafka.eventing.knative.dev/delivery.order";
    private final Deployment base = Deployment.base();

    @Test
    void interactionsReachEmbeddingRefreshInPartitionOrder() {
        KafkaSource s = deliveringTo("interactions", "embedding-refresh");
        assertEquals("ordered", s.getMetadata().getAnnotations().get(ORDER));
        assertEquals("ordered", s.getSpec().getOrdering());
    }

    @Test
    void videosReachEmbeddingRefresh() {
        assertEquals("ordered", deliveringTo("videos", "embedding-refresh").getMetadata().getAnnotations().get(ORDER));
    }

    @Test
    void interactionsAndVideosReachTheArchiver() {
        deliveringTo("interactions", "event-archiver");
        deliveringTo("videos", "event-archiver");
    }

    @Test
    void everySourceRetriesWithBackoffThenDeadLetters() {
        for (KafkaSource s : base.all(KafkaSource.class)) {
            String at = s.getMetadata().getName() + ": ";
            var d = s.getSpec().getDelivery();
            assertNotNull(d, at + "delivery");
            assertTrue(d.getRetry() != null && d.getRetry() >= 3, at + "retry");
            assertTrue(Set.of("exponential", "linear").contains(d.getBackoffPolicy()), at + "backoffPolicy");
            assertTrue(Duration.parse(d.getBackoffDelay()).toMillis() > 0, at + "backoffDelay (ISO-8601)");
            var ref = d.getDeadLetterSink().getRef();
            assertEquals("KafkaSink", ref.getKind(), at + "dead letters go back to Kafka");
            assertEquals("eventing.knative.dev/v1alpha1", ref.getApiVersion());
            base.get(KafkaSink.class, ref.getName());
            assertEquals("earliest", s.getSpec().getInitialOffset(), at + "a new group starts from the retained log");
        }
    }

    @Test
    void embeddingRefreshDeadLettersGoToItsOwnDeadLetterTopic() throws IOException {
        // The topic the function itself dead-letters to: its application.properties default.
        var props = new Properties();
        props.load(new StringReader(Files.readString(Manifests.REPOSITORY.resolve(
                "functions/embedding-refresh/src/main/resources/application.properties"))));
        String expression = props.getProperty("reelrank.refresh.dead-letter.topic");
        String topic = expression.substring(expression.indexOf(':') + 1, expression.length() - 1);
        for (KafkaSource s : base.all(KafkaSource.class)) {
            if (!s.getSpec().getSink().getRef().getName().equals("embedding-refresh")) continue;
            String sink = s.getSpec().getDelivery().getDeadLetterSink().getRef().getName();
            assertEquals(topic, base.get(KafkaSink.class, sink).getSpec().getTopic(), s.getMetadata().getName());
        }
    }

    @Test
    void consumerGroupsAreDistinct() {
        var groups = new HashSet<String>();
        for (KafkaSource s : base.all(KafkaSource.class)) {
            String g = s.getSpec().getConsumerGroup();
            assertTrue(g != null && !g.isBlank() && groups.add(g), "consumer group " + g);
        }
    }

    @Test
    void everyKafkaAddressIsTheConfigMapsOne() {
        List<String> brokers = Arrays.stream(base.config().get("KAFKA_BOOTSTRAP_SERVERS").split(",")).map(String::trim).toList();
        base.all(KafkaSource.class).forEach(s -> assertEquals(brokers, s.getSpec().getBootstrapServers(), s.getMetadata().getName()));
        base.all(KafkaSink.class).forEach(s -> assertEquals(brokers, s.getSpec().getBootstrapServers(), s.getMetadata().getName()));
    }

    @Test
    void deadLetterSinksKeepTheCloudEventBinary() {
        base.all(KafkaSink.class).forEach(s -> assertEquals("binary", s.getSpec().getContentMode(), s.getMetadata().getName()));
    }

    private KafkaSource deliveringTo(String topic, String function) {
        List<KafkaSource> matches = base.all(KafkaSource.class).stream()
                .filter(s -> s.getSpec().getTopics().contains(topic))
                .filter(s -> function.equals(s.getSpec().getSink().getRef().getName()))
                .toList();
        assertEquals(1, matches.size(), topic + " -> " + function);
        var ref = matches.get(0).getSpec().getSink().getRef();
        assertEquals("serving.knative.dev/v1", ref.getApiVersion());
        assertEquals("Service", ref.getKind());
        base.get(Service.class, function);
        return matches.get(0);
    }
}
