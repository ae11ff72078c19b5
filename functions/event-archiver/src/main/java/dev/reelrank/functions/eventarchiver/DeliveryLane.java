package dev.reelrank.functions.eventarchiver;

import dev.reelrank.eventlog.delivery.DeliveryBatcher;
import dev.reelrank.eventarchive.ArchiverStatus;
import dev.reelrank.eventarchive.DeliveryArchive;
import dev.reelrank.eventarchive.Pseudonymizer;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Provider;
import java.util.concurrent.CompletableFuture;
import org.jboss.logging.Logger;

/**
 * The archive side of the HTTP binding: one {@link DeliveryArchive} fed by one batcher. Made at
 * start when the Kafka binding is off (a missing key then stops the start, and a batch left
 * unfinished by the last process is rolled back before any delivery is answered); otherwise on the
 * first delivery.
 */
@ApplicationScoped
public class DeliveryLane {
    private static final Logger LOG = Logger.getLogger(DeliveryLane.class);

    private final ArchiverSettings config;
    private final Provider<Pseudonymizer> pseudonymizers;
    private volatile DeliveryArchive archive;
    private volatile DeliveryBatcher<DeliveryArchive.Delivery, DeliveryArchive.Outcome> batcher;

    DeliveryLane(ArchiverSettings config, Provider<Pseudonymizer> pseudonymizers) {
        this.config = config;
        this.pseudonymizers = pseudonymizers;
    }

    void start(@Observes StartupEvent ignored) {
        if (!config.enabled() || config.kafka().enabled()) return;
        var a = archive();
        try {
            a.recover();
        } catch (Exception e) {
            // Not fatal: the first batch tries again, and until then deliveries are answered 503.
            LOG.warnf("cannot read the HTTP lane's state yet: %s", e.toString());
        }
        LOG.infof("archiving HTTP deliveries into %s (batches of up to %d, window %s)", config.settings().root().toUri(),
                config.http().maxBatch(), config.http().batchWindow());
    }

    boolean enabled() {
        return config.enabled();
    }

    /** Why the event can never be archived, or null. */
    String problem(dev.reelrank.eventlog.LoggedEvent event) {
        return archive().problem(event);
    }

    void rejected() {
        archive().rejected();
    }

    /** Completes once the delivery's batch is durable (archived or a duplicate); fails with the batch. */
    CompletableFuture<DeliveryArchive.Outcome> submit(DeliveryArchive.Delivery delivery) {
        archive();
        return batcher.submit(delivery);
    }

    /** Null until the lane is made. */
    ArchiverStatus status() {
        var a = archive;
        return a == null ? null : a.status();
    }

    private synchronized DeliveryArchive archive() {
        if (archive == null) {
            var a = new DeliveryArchive(config.settings(), pseudonymizers.get());
            batcher = new DeliveryBatcher<>(a::archive, config.http().maxBatch(), config.http().batchWindow());
            archive = a;
        }
        return archive;
    }

    @PreDestroy
    void close() {
        var b = batcher;
        if (b != null) b.close();
    }
}
