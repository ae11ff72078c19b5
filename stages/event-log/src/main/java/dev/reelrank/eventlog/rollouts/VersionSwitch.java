package dev.reelrank.eventlog.rollouts;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What a function serves for one model version (a model, or a model with its index), switched when
 * {@code model-rollouts} names another version: {@link #apply} prepares the new value beside the
 * current one (a failure keeps the current one), switches atomically, and retires the old one
 * after a grace period. The ranking model's rollouts can use it the same way.
 *
 * <p>Requests can pin the value: a request reads the reference once ({@link #pin}) and every part
 * of that request asks {@link #of} for the same value, even when a switch happens meanwhile. That
 * is what keeps a user embedding of one version from being searched against an index of another.
 * Pins are keyed by the identity of the request object; two concurrent requests that happen to be
 * equal records never share a pin.
 *
 * <p>Framework-free: what a value is, how it is prepared and closed, and what is logged, the
 * function says through {@link Versions}.
 */
public final class VersionSwitch<T> {
    private final AtomicReference<T> current;
    private final ConcurrentHashMap<IdentityKey, T> pins = new ConcurrentHashMap<>();

    /** @param initial the value served from the start; null: none until a rollout names a version */
    public VersionSwitch(T initial) {
        this.current = new AtomicReference<>(initial);
    }

    /** How one function's values are made, named and ended. */
    public interface Versions<T> {
        /** The model version {@code value} serves. */
        String versionOf(T value);

        /** A value for {@code version}, made beside the current one (it may take time); throws when it cannot be. */
        T prepare(String version) throws Exception;

        /** Closes a replaced value (called on a thread of its own, once {@link #retirement} allows). */
        void retire(T old);

        /** When a replaced value may be closed. */
        Retirement retirement();

        /** After a switch: {@code old} is null when nothing was served; {@code took} counts from the rollout record. */
        default void switched(ModelRollout rollout, T old, T next, Duration took) {}

        /** A version that could not be prepared; {@code current} (null: none) stays. */
        default void failed(ModelRollout rollout, T current, Exception e) {}
    }

    /**
     * @param grace        the longest a replaced value stays open
     * @param whenUnpinned close it earlier, as soon as no request pins it (for values that requests pin);
     *                     otherwise always wait the whole grace period (for values used without a pin)
     */
    public record Retirement(Duration grace, boolean whenUnpinned) {
        public static Retirement whenUnpinned(Duration atMost) {
            return new Retirement(atMost, true);
        }

        public static Retirement after(Duration grace) {
            return new Retirement(grace, false);
        }
    }

    public Optional<T> current() {
        return Optional.ofNullable(current.get());
    }

    /**
     * Switches to the rollout's version unless it is served already: prepares it with
     * {@code versions}, switches, and retires the replaced value later. A version that cannot be
     * prepared is not switched to. Called one rollout at a time (the subscription's thread).
     *
     * @return whether it switched
     */
    public boolean apply(ModelRollout rollout, Versions<T> versions) {
        T was = current.get();
        if (was != null && versions.versionOf(was).equals(rollout.version())) return false;
        long started = System.nanoTime();
        T next;
        try {
            next = versions.prepare(rollout.version());
        } catch (Exception e) {
            versions.failed(rollout, was, e);
            return false;
        }
        T old = switchTo(next);
        versions.switched(rollout, old, next, Duration.ofNanos(System.nanoTime() - started));
        if (old != null) retireLater(old, versions);
        return true;
    }

    private void retireLater(T old, Versions<T> versions) {
        Retirement r = versions.retirement();
        Thread.ofVirtual().name("retire-" + versions.versionOf(old)).start(() -> {
            long deadline = System.nanoTime() + r.grace().toNanos();
            try {
                for (long left; (!r.whenUnpinned() || inUse(old)) && (left = deadline - System.nanoTime()) > 0; ) {
                    Thread.sleep(Math.min(50, Math.max(1, left / 1_000_000)));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            versions.retire(old);
        });
    }

    /** Replaces the served value; returns the one it replaced (still pinned by requests in flight). */
    public T switchTo(T next) {
        return current.getAndSet(next);
    }

    /** Pins the current value for {@code request} until the returned pin is closed. */
    public Pin<T> pin(Object request) {
        var key = new IdentityKey(request);
        T value = current.get();
        if (value != null) pins.put(key, value);
        return new Pin<>(value, () -> pins.remove(key));
    }

    /** The value pinned for this request; the current one for a request served without a pin (tests, tools). */
    public Optional<T> of(Object request) {
        T pinned = pins.get(new IdentityKey(request));
        return Optional.ofNullable(pinned != null ? pinned : current.get());
    }

    /** Requests holding a pin now (a retired version is closed only once none uses it). */
    public boolean inUse(T value) {
        return pins.containsValue(value);
    }

    public record Pin<T>(T value, Runnable release) implements AutoCloseable {
        @Override
        public void close() {
            release.run();
        }
    }

    private record IdentityKey(Object ref) {
        @Override
        public boolean equals(Object o) {
            return o instanceof IdentityKey k && k.ref == ref;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(ref);
        }
    }
}
