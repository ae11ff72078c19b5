package dev.reelrank.functions.eventingestion;

import dev.reelrank.eventlog.LoggedEvent;
import dev.reelrank.featurestore.redis.RedisNegativeFeedback;
import dev.reelrank.model.NegativeFeedback;
import dev.reelrank.model.NegativeFeedback.Suppression;
import dev.reelrank.proto.v1.Interaction;
import io.quarkus.runtime.StartupEvent;
import io.vertx.redis.client.Redis;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.jboss.logging.Logger;

/**
 * Makes the {@code not_interested}, {@code watch} and {@code click} events of an accepted request
 * visible to the very next feed (the refused video or channel, and the watched video, are left
 * out): the stream consumer that folds them into the user's features may be far behind, so the
 * suppressions are also recorded where feed-assembly reads them on every request
 * ({@link NegativeFeedback}).
 *
 * <p>Runs after Kafka acknowledged the batch and never fails the request: the event is already
 * durable and the fold applies it later, so a Redis outage only delays the suppression (a 503
 * would make the client resend events that are already in Kafka).
 */
@Singleton
public class ImmediateSuppression {
    private static final Logger LOG = Logger.getLogger(ImmediateSuppression.class);

    private final NegativeFeedback store;

    @Inject
    ImmediateSuppression(Redis redis, NegativeFeedbackSettings settings, Clock clock) {
        this(new RedisNegativeFeedback(redis, settings.toConfig(), clock));
    }

    ImmediateSuppression(NegativeFeedback store) {
        this.store = store;
    }

    /**
     * The first Redis command of a fresh process also opens the connection and loads the client's
     * classes, which took longer than the whole timeout on a loaded 2-core box (the first
     * not_interested after a start was accepted without its suppression); pay for that at start.
     */
    void warmUp(@Observes StartupEvent start) {
        try {
            store.suppressed("warm-up").whenComplete((ignored, error) -> {
                if (error != null) LOG.debugf("Redis not reachable at start (suppressions retry per request): %s", error.toString());
            });
        } catch (RuntimeException e) {
            LOG.debugf("Redis not reachable at start (suppressions retry per request): %s", e.toString());
        }
    }

    /** Completes (normally) once every suppression of the events is recorded, or could not be within the timeout. */
    public CompletionStage<Void> record(List<LoggedEvent> accepted) {
        var suppressions = new ArrayList<Suppression>();
        for (LoggedEvent e : accepted) {
            if (e.payload() instanceof Interaction i) Suppression.of(i).ifPresent(suppressions::add);
        }
        if (suppressions.isEmpty()) return CompletableFuture.completedFuture(null);
        CompletionStage<Void> write;
        try {
            write = store.record(suppressions);
        } catch (RuntimeException e) {
            write = CompletableFuture.failedFuture(e);
        }
        return write.exceptionally(error -> {
            Throwable cause = error.getCause() != null ? error.getCause() : error;
            LOG.warnf("accepted %d not_interested/watch/click event(s) without the immediate suppression (the feed applies them once "
                    + "the stream consumer folds them): %s", suppressions.size(), cause.toString());
            return null;
        });
    }
}
