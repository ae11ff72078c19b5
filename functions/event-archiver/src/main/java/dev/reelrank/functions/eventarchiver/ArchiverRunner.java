package dev.reelrank.functions.eventarchiver;

import dev.reelrank.eventarchive.ArchiverStatus;
import dev.reelrank.eventarchive.EventArchiver;
import dev.reelrank.eventlog.tracing.ConsumerSpans;
import io.opentelemetry.api.trace.Tracer;
import dev.reelrank.eventarchive.Pseudonymizer;
import dev.reelrank.eventlog.lag.ConsumerGroupLag;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Provider;
import java.time.Duration;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Runs the archive loop on a thread of its own for the life of the application. A missing or
 * too-short pseudonym key stops the start (better no archive than one with clear-text ids).
 * On shutdown the loop flushes what it holds and commits before the JVM ends.
 */
@ApplicationScoped
public class ArchiverRunner {
    private static final Logger LOG = Logger.getLogger(ArchiverRunner.class);

    private final ArchiverSettings config;
    private final Provider<Pseudonymizer> pseudonymizers;
    private final Tracer tracer;
    private volatile EventArchiver archiver;
    private volatile Thread thread;
    private final ArchiveMetrics metrics;
    private volatile ConsumerGroupLag lag;

    ArchiverRunner(ArchiverSettings config, Provider<Pseudonymizer> pseudonymizers, ArchiveMetrics metrics, Tracer tracer) {
        this.tracer = tracer;
        this.config = config;
        this.metrics = metrics;
        this.pseudonymizers = pseudonymizers;
    }

    void start(@Observes StartupEvent ignored) {
        if (!config.enabled()) {
            LOG.info("event archive disabled (reelrank.archive.enabled=false)");
            return;
        }
        if (!config.kafka().enabled()) {
            LOG.info("Kafka binding off (reelrank.archive.kafka.enabled=false): events arrive over HTTP (POST /)");
            return;
        }
        var settings = config.settings();
        var pseudonymizer = pseudonymizers.get();
        archiver = new EventArchiver(settings, pseudonymizer, EventArchiver.BatchObserver.NONE, new ConsumerSpans(tracer));
        thread = Thread.ofPlatform().name("event-archiver").start(archiver);
        metrics.follow(archiver.status());
        // The HTTP binding registers no lag: there the KafkaSource owns the consumer group.
        lag = ConsumerGroupLag.of(settings.bootstrapServers(), settings.groupId());
        metrics.consumerLag(lag, List.of(settings.interactionsTopic(), settings.videosTopic()));
        LOG.infof("archiving %s and %s into %s (group %s, pseudonym key %s)", settings.interactionsTopic(),
                settings.videosTopic(), settings.root().toUri(), settings.groupId(), pseudonymizer.keyId());
    }

    void stop(@Observes ShutdownEvent ignored) throws InterruptedException {
        var l = lag;
        if (l != null) l.close();
        var a = archiver;
        if (a == null) return;
        a.stop();
        // A flush of the largest file plus a commit; then the JVM may go (uncommitted data is re-read anyway).
        if (!thread.join(Duration.ofSeconds(30))) LOG.warn("archiver did not stop within 30 s; its last batch will be re-read");
        LOG.infof("archiver stopped: %s", a.status());
    }

    /** Null while disabled or while the Kafka binding is off. */
    public ArchiverStatus status() {
        var a = archiver;
        return a == null ? null : a.status();
    }

    boolean threadAlive() {
        var t = thread;
        return t != null && t.isAlive();
    }
}
