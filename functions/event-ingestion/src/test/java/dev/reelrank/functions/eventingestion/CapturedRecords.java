package dev.reelrank.functions.eventingestion;

import dev.reelrank.eventlog.EventPublisher;
import io.quarkus.test.junit.QuarkusTestProfile;
import jakarta.enterprise.inject.Alternative;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A test profile whose event publisher writes to an in-memory producer that acknowledges every
 * record at once, so a test can read the records a request produced without a broker.
 */
public class CapturedRecords implements QuarkusTestProfile {
    /** What the function sent, in order; cleared by each test that reads it. */
    public static final MockProducer<String, byte[]> PRODUCER =
            new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer());

    /** No broker to probe: the in-memory producer is the log, so the liveness probe stays off. */
    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("reelrank.ingestion.kafka.liveness-interval", "0");
    }

    @Override
    public Set<Class<?>> getEnabledAlternatives() {
        return Set.of(Publisher.class);
    }

    @Alternative
    public static class Publisher {
        @Produces
        @Singleton
        @Alternative
        EventPublisher publisher() {
            return new EventPublisher(PRODUCER);
        }
    }
}
