package dev.reelrank.streamingfeatures;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * A store in the test's JVM (the MiniCluster runs there too) that is "down" for a range of flushes:
 * flushes number {@code failFrom} to {@code failUntil - 1} (counted over all writers) throw, as the
 * real sinks' flushes do when Redis or Cassandra is gone. Its sink, like the real ones, writes
 * absolute values by key, buffered until a flush succeeds.
 */
final class FlakyStore<T> {
    private static final Map<String, FlakyStore<?>> STORES = new ConcurrentHashMap<>();

    final Map<String, T> values = new ConcurrentHashMap<>();
    final AtomicInteger flushes = new AtomicInteger(), failures = new AtomicInteger(), writers = new AtomicInteger(),
            closes = new AtomicInteger();
    private final int failFrom, failUntil;

    private FlakyStore(int failFrom, int failUntil) {
        this.failFrom = failFrom;
        this.failUntil = failUntil;
    }

    static <T> FlakyStore<T> create(String name, int failFrom, int failUntil) {
        var store = new FlakyStore<T>(failFrom, failUntil);
        STORES.put(name, store);
        return store;
    }

    @SuppressWarnings("unchecked")
    static <T> FlakyStore<T> named(String name) {
        return (FlakyStore<T>) STORES.get(name);
    }

    /** A sink writing {@code key(value) -> value} into the store named {@code name}. */
    static <T> Sink<T> sink(String name, SerializableKey<T> key) {
        return new FlakySink<>(name, key);
    }

    interface SerializableKey<T> extends Function<T, String>, java.io.Serializable {}

    private record FlakySink<T>(String name, SerializableKey<T> key) implements Sink<T> {
        @Override
        public SinkWriter<T> createWriter(WriterInitContext context) {
            FlakyStore<T> store = named(name);
            store.writers.incrementAndGet();
            return new SinkWriter<>() {
                private final Map<String, T> pending = new HashMap<>();

                @Override
                public void write(T element, Context context) {
                    pending.put(key.apply(element), element);
                }

                @Override
                public void flush(boolean endOfInput) throws IOException {
                    int n = store.flushes.incrementAndGet();
                    if (n >= store.failFrom && n < store.failUntil) {
                        store.failures.incrementAndGet();
                        throw new IOException("store down (flush " + n + ")");
                    }
                    store.values.putAll(pending);
                    pending.clear();
                }

                @Override
                public void close() {
                    store.closes.incrementAndGet();
                }
            };
        }
    }
}
