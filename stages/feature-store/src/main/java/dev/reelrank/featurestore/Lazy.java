package dev.reelrank.featurestore;

import java.util.function.Supplier;

/**
 * A value built on first use, once. The retrieval-signal statements are prepared lazily so a
 * writer or reader that never touches them does not need their tables (V002) to exist.
 *
 * <p>Public only for the feature store's {@code cassandra}, {@code redis} and {@code tiered}
 * packages: not part of the stage's API.
 */
public final class Lazy<T> implements Supplier<T> {
    private final Supplier<T> factory;
    private volatile T value;

    public Lazy(Supplier<T> factory) {
        this.factory = factory;
    }

    @Override
    public T get() {
        T v = value;
        if (v == null) {
            synchronized (this) {
                v = value;
                if (v == null) value = v = factory.get();
            }
        }
        return v;
    }
}
