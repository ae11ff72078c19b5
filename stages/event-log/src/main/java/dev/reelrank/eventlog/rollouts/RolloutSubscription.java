package dev.reelrank.eventlog.rollouts;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * One model's rollouts, followed on a thread of its own until {@link #close()}: the newest record
 * at start (the older ones were switched through before), then every new one, in order. Kafka
 * failures (or a topic not created yet) pause it for {@code retryDelay}, logged once at WARNING and
 * then quietly, and it resumes from the topic's start, so no record is missed.
 */
public final class RolloutSubscription implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(RolloutSubscription.class.getName());

    private final String bootstrap;
    private final String topic;
    private final String model;
    private final Duration catchUpTimeout;
    private final Duration retryDelay;
    private final Consumer<ModelRollout> apply;
    private final Thread thread;
    private volatile ModelRollouts.Follower follower;
    private volatile boolean closing;
    private boolean pausedBefore;

    private RolloutSubscription(String bootstrap, String topic, String model, Duration catchUpTimeout, Duration retryDelay,
                                Consumer<ModelRollout> apply) {
        this.bootstrap = bootstrap;
        this.topic = topic;
        this.model = model;
        this.catchUpTimeout = catchUpTimeout;
        this.retryDelay = retryDelay;
        this.apply = apply;
        this.thread = Thread.ofPlatform().daemon().name(topic).unstarted(this::follow);
    }

    /** @param apply called on the subscription's thread, one rollout at a time */
    public static RolloutSubscription start(String bootstrap, String topic, String model, Duration catchUpTimeout,
                                            Duration retryDelay, Consumer<ModelRollout> apply) {
        var s = new RolloutSubscription(bootstrap, topic, model, catchUpTimeout, retryDelay, apply);
        s.thread.start();
        return s;
    }

    private void follow() {
        while (!closing) {
            var live = new AtomicBoolean();
            try (var f = new ModelRollouts.Follower(bootstrap, topic, model, r -> { if (live.get()) apply.accept(r); })) {
                follower = f;
                if (closing) return;
                f.catchUp(catchUpTimeout).ifPresent(apply);
                live.set(true);
                f.run();
            } catch (RuntimeException e) {
                if (closing) return;
                LOG.log(pausedBefore ? System.Logger.Level.DEBUG : System.Logger.Level.WARNING,
                        "following {0} paused ({1}); retrying in {2}", topic, e.toString(), retryDelay);
                pausedBefore = true;
                try {
                    Thread.sleep(retryDelay.toMillis());
                } catch (InterruptedException interrupted) {
                    return;
                }
            } finally {
                follower = null;
            }
        }
    }

    /**
     * Stops following and waits for the thread. A polling consumer is woken rather than
     * interrupted (an interrupted consumer cannot close its fetch sessions cleanly); only a thread
     * waiting out a retry delay, or one that does not stop in time, is interrupted.
     */
    @Override
    public void close() {
        closing = true;
        var f = follower;
        if (f != null) f.wakeup();
        else thread.interrupt();
        try {
            thread.join(10_000);
            if (thread.isAlive()) {
                thread.interrupt();
                thread.join(2_000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
