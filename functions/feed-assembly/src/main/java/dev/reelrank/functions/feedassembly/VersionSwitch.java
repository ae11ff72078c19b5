package dev.reelrank.functions.feedassembly;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The served retrieval version, switched atomically, and pinned per request: a request reads the
 * reference once ({@link #pin}) and every candidate source of that request asks {@link #of} for
 * the same value, even when a switch happens while the sources run. That is what keeps a user
 * embedding of one version from being searched against an index of another.
 *
 * <p>Pins are keyed by the identity of the request object (the assembler hands the same instance to
 * every source); two concurrent requests that happen to be equal records never share a pin.
 */
final class VersionSwitch<T> {
    private final AtomicReference<T> current;
    private final ConcurrentHashMap<IdentityKey, T> pins = new ConcurrentHashMap<>();

    VersionSwitch(T initial) {
        this.current = new AtomicReference<>(initial);
    }

    Optional<T> current() {
        return Optional.ofNullable(current.get());
    }

    /** Replaces the served value; returns the one it replaced (still pinned by requests in flight). */
    T switchTo(T next) {
        return current.getAndSet(next);
    }

    /** Pins the current value for {@code request} until the returned pin is closed. */
    Pin<T> pin(Object request) {
        var key = new IdentityKey(request);
        T value = current.get();
        if (value != null) pins.put(key, value);
        return new Pin<>(value, () -> pins.remove(key));
    }

    /** The value pinned for this request; the current one for a request served without a pin (tests, tools). */
    Optional<T> of(Object request) {
        T pinned = pins.get(new IdentityKey(request));
        return Optional.ofNullable(pinned != null ? pinned : current.get());
    }

    /** Requests holding a pin now (a retired version is closed only once none uses it). */
    boolean inUse(T value) {
        return pins.containsValue(value);
    }

    record Pin<T>(T value, Runnable release) implements AutoCloseable {
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
