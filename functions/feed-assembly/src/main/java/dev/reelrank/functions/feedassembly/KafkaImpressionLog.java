package dev.reelrank.functions.feedassembly;

import dev.reelrank.eventlog.DurableProducer;
import dev.reelrank.eventlog.LoggedEvent;
import dev.reelrank.eventlog.tracing.TraceHeaders;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import dev.reelrank.model.Feed;
import dev.reelrank.model.FeedRequest;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.jboss.logging.Logger;

/**
 * Impressions to the {@code interactions} topic without touching the answer's latency: the request
 * thread only builds the events and offers them to a bounded queue; one background thread hands them
 * to the Kafka producer. When Kafka is slow or down the producer's own buffer fills, the thread waits
 * on it (max.block.ms), the queue fills, and further impressions are dropped: counted, and reported
 * at most once per {@code drop-log-interval}. Losing impressions while Kafka is down is the price of
 * never failing or slowing a feed for them; the clients' own impressions still count then.
 */
final class KafkaImpressionLog implements ImpressionLog, AutoCloseable {
    private static final Logger LOG = Logger.getLogger(KafkaImpressionLog.class);

    /** An impression and the trace of the feed request that served it (the drainer sends it in that context). */
    private record Pending(LoggedEvent event, Context trace) {}

    private final BlockingQueue<Pending> queue;
    private final int batchSize;
    private final Consumer<LoggedEvent> send;
    private final Runnable closeProducer;
    private final URI source;
    private final Clock clock;
    private final long dropLogEveryNanos;
    private final LongAdder dropped = new LongAdder();
    private final LongAdder sent = new LongAdder();
    private final AtomicLong lastDropLog;
    private final AtomicLong droppedAtLastLog = new AtomicLong();
    private final Thread drainer;
    private volatile boolean closing;

    /** The production wiring: a durable producer (acks=all, idempotent, as ingestion's). */
    static KafkaImpressionLog create(FeedSettings.Impressions config, Clock clock) {
        Producer<String, byte[]> producer = DurableProducer.create(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafkaBootstrapServers(),
                ProducerConfig.CLIENT_ID_CONFIG, "reelrank-feed-impressions",
                // Impressions are many and not urgent: batch them.
                ProducerConfig.LINGER_MS_CONFIG, 20,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000,
                // Only the drainer waits on this; a short wait lets it notice shutdown.
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 1_000), Map.of());
        var log = new KafkaImpressionLog[1];
        log[0] = new KafkaImpressionLog(config.bufferSize(), config.dropLogInterval(), URI.create(config.source()), clock,
                event -> DurableProducer.send(producer, traced(event)).whenComplete((m, e) -> log[0].acknowledged(e)),
                () -> producer.close(Duration.ofSeconds(5)));
        return log[0];
    }

    /** The event's record, with the current trace context as its ce_traceparent (the feed request's: see {@link #drain}). */
    static ProducerRecord<String, byte[]> traced(LoggedEvent event) {
        ProducerRecord<String, byte[]> record = event.toRecord();
        TraceHeaders.inject(Context.current(), record.headers());
        return record;
    }

    /**
     * @param send          hands one event (in the trace context of the request that served it) to Kafka without waiting for the acknowledgement (which reports to {@link #acknowledged})
     * @param closeProducer flushes what the producer holds and closes it
     */
    KafkaImpressionLog(int bufferSize, Duration dropLogInterval, URI source, Clock clock, Consumer<LoggedEvent> send, Runnable closeProducer) {
        if (bufferSize < 1) throw new IllegalArgumentException("buffer-size must be >= 1");
        this.queue = new ArrayBlockingQueue<>(bufferSize);
        // What the drainer holds besides the queue: memory stays under twice the buffer.
        this.batchSize = Math.min(500, bufferSize);
        this.send = send;
        this.closeProducer = closeProducer;
        this.source = source;
        this.clock = clock;
        this.dropLogEveryNanos = dropLogInterval.toNanos();
        this.lastDropLog = new AtomicLong(System.nanoTime() - dropLogEveryNanos);
        this.drainer = Thread.ofPlatform().daemon().name("impression-log").start(this::drain);
    }

    @Override
    public void served(FeedRequest request, Feed feed) {
        try {
            List<LoggedEvent> events = ImpressionEvents.of(request, feed, source, clock.instant());
            // The drainer runs on its own thread: keep the request's trace with each impression.
            Context trace = Context.current();
            int lost = 0;
            for (LoggedEvent e : events) if (closing || !queue.offer(new Pending(e, trace))) lost++;
            if (lost > 0) drop(lost, "the impression buffer is full (Kafka slow or unreachable)");
        } catch (RuntimeException e) {
            drop(feed.items().size(), "impressions could not be built: " + e);
        }
    }

    private void drain() {
        var batch = new ArrayList<Pending>();
        while (!closing || !queue.isEmpty()) {
            try {
                Pending first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) continue;
                batch.add(first);
                queue.drainTo(batch, batchSize - 1);
            } catch (InterruptedException e) {
                continue;
            }
            for (Pending p : batch) {
                try (Scope ignored = p.trace().makeCurrent()) {
                    send.accept(p.event());
                } catch (RuntimeException ex) {
                    drop(1, "Kafka refused an impression: " + ex);
                }
            }
            batch.clear();
        }
    }

    /** The producer's verdict on one event. */
    void acknowledged(Throwable error) {
        if (error == null) sent.increment();
        else drop(1, "Kafka did not acknowledge an impression: " + error);
    }

    private void drop(int n, String why) {
        dropped.add(n);
        long now = System.nanoTime(), last = lastDropLog.get();
        if (now - last >= dropLogEveryNanos && lastDropLog.compareAndSet(last, now)) {
            long total = dropped.sum();
            long since = total - droppedAtLastLog.getAndSet(total);
            LOG.warnf("%d served impressions dropped since the last report (%d in all): %s", since, total, why);
        }
    }

    long dropped() {
        return dropped.sum();
    }

    long sent() {
        return sent.sum();
    }

    int buffered() {
        return queue.size();
    }

    @Override
    public void close() {
        closing = true;
        // No interrupt: the drainer notices within its poll timeout and empties the queue first.
        try {
            drainer.join(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closeProducer.run();
    }
}
