package dev.reelrank.functions.eventingestion;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.jboss.logging.Logger;

/**
 * Asks the cluster for its brokers every {@code reelrank.ingestion.kafka.liveness-interval} (a cheap
 * metadata request on the admin client's own connection) and keeps {@link BrokerLiveness} current:
 * {@code liveness-failures} probes in a row with no answer within {@code liveness-timeout} mark Kafka
 * down, the next answer marks it up. So a
 * dead broker is known within about liveness-failures × (interval + timeout), and a healthy one that is merely slow to
 * acknowledge under load is not refused: acknowledgements still get the whole ack-timeout.
 */
@ApplicationScoped
public class BrokerLivenessProbe {
    private static final Logger LOG = Logger.getLogger(BrokerLivenessProbe.class);

    private final Admin admin;
    private final BrokerLiveness liveness;
    private final IngestionSettings config;
    private ScheduledExecutorService timer;

    BrokerLivenessProbe(Admin admin, BrokerLiveness liveness, IngestionSettings config) {
        this.admin = admin;
        this.liveness = liveness;
        this.config = config;
    }

    void start(@Observes StartupEvent e) {
        long every = config.kafka().livenessInterval().toMillis();
        if (every <= 0) return; // 0 turns the fast refusal off: every request waits for its ack-timeout
        timer = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().daemon().name("kafka-liveness").unstarted(r));
        timer.scheduleWithFixedDelay(this::probe, 0, every, TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent e) {
        if (timer != null) timer.shutdownNow();
    }

    void probe() {
        long timeout = config.kafka().livenessTimeout().toMillis();
        try {
            int brokers = admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) timeout))
                    .nodes().get(timeout + 500, TimeUnit.MILLISECONDS).size();
            if (brokers == 0) throw new IllegalStateException("the cluster lists no broker");
            if (liveness.downReason() != null) LOG.infof("Kafka answers again: accepting events");
            liveness.probeAnswered();
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
        } catch (Exception failure) {
            Throwable cause = failure.getCause() != null ? failure.getCause() : failure;
            String reason = "Kafka did not answer a metadata request within " + timeout + " ms ("
                    + cause.getClass().getSimpleName() + ")";
            if (liveness.probeFailed(reason)) LOG.warnf("%s, %d times in a row: refusing events with 503 until it answers",
                    reason, config.kafka().livenessFailures());
            else if (liveness.downReason() == null) LOG.debugf("%s: not refusing yet", reason);
        }
    }
}
