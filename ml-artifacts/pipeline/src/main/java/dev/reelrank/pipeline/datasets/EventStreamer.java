package dev.reelrank.pipeline.datasets;

import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import dev.reelrank.pipeline.io.Progress;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;

/**
 * Streams a dataset folder to the event API as CloudEvents batches
 * ({@code application/cloudevents-batch+json}): every {@code video.published} first, then the
 * interactions in time order. Ids are stable ({@code <dataset>/v/<videoId>}, {@code <dataset>/i/<row>}),
 * so re-running after a failure re-sends duplicates that the pipeline de-duplicates.
 *
 * @param batchSize      events per request
 * @param maxRetries     attempts after the first for 503/429 answers and connection errors
 * @param initialBackoff wait before the first retry; doubles each time up to {@code maxBackoff}
 */
public record EventStreamer(URI endpoint, int batchSize, int maxRetries, Duration initialBackoff, Duration maxBackoff,
                            Duration requestTimeout) {
    public static final String BATCH_MEDIA_TYPE = "application/cloudevents-batch+json";

    public static EventStreamer to(URI endpoint, int batchSize) {
        return new EventStreamer(endpoint, batchSize, 8, Duration.ofMillis(200), Duration.ofSeconds(10), Duration.ofSeconds(30));
    }

    public long stream(Dataset d) {
        String key = d.manifest.name();
        String source = d.manifest.eventSource();
        var printer = JsonFormat.printer().omittingInsignificantWhitespace();
        var http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        var progress = new Progress("post events", (long) d.videoCount() + d.rows);
        var batch = new Batch(http, printer, source);
        for (int v = 0; v < d.videoCount(); v++) {
            long t = d.videoPublished[v];
            batch.add(key + "/v/" + d.videos.value(v), "video.published", t, d.videoPublished(v));
            if (batch.size == batchSize) { batch.flush(); progress.add(batchSize); }
        }
        for (int row : timeOrder(d)) {
            batch.add(key + "/i/" + row, "video.interaction", d.time[row], d.interaction(row));
            if (batch.size == batchSize) { batch.flush(); progress.add(batchSize); }
        }
        int rest = batch.size;
        batch.flush();
        progress.add(rest);
        progress.finish();
        return batch.sent;
    }

    /** Row numbers by occurred_at (stable: one user's rows keep their order); file order when there are no times. */
    static int[] timeOrder(Dataset d) {
        int n = d.rows;
        long min = Long.MAX_VALUE, max = Long.MIN_VALUE;
        for (int i = 0; i < n; i++) if (d.time[i] != Dataset.NO_TIME) { min = Math.min(min, d.time[i]); max = Math.max(max, d.time[i]); }
        int[] order = new int[n];
        if (min == Long.MAX_VALUE) {
            for (int i = 0; i < n; i++) order[i] = i;
            return order;
        }
        int rowBits = 64 - Long.numberOfLeadingZeros(Math.max(1, n));
        long span = max - min + 2;
        if (64 - Long.numberOfLeadingZeros(span) + rowBits <= 63) {
            // One primitive sort of (time, row) packed in a long: no boxing for tens of millions of rows.
            long[] keys = new long[n];
            for (int i = 0; i < n; i++) {
                long t = d.time[i] == Dataset.NO_TIME ? 0 : d.time[i] - min + 1;
                keys[i] = (t << rowBits) | i;
            }
            Arrays.sort(keys);
            long mask = (1L << rowBits) - 1;
            for (int i = 0; i < n; i++) order[i] = (int) (keys[i] & mask);
            return order;
        }
        Integer[] boxed = new Integer[n];
        for (int i = 0; i < n; i++) boxed[i] = i;
        Arrays.sort(boxed, (a, b) -> Long.compare(d.time[a], d.time[b]));
        for (int i = 0; i < n; i++) order[i] = boxed[i];
        return order;
    }

    private final class Batch {
        private final HttpClient http;
        private final JsonFormat.Printer printer;
        private final String source;
        private final StringBuilder body = new StringBuilder(1 << 20);
        int size;
        long sent;

        Batch(HttpClient http, JsonFormat.Printer printer, String source) {
            this.http = http;
            this.printer = printer;
            this.source = source;
        }

        void add(String id, String type, long timeMs, Message data) {
            body.append(size == 0 ? '[' : ',');
            body.append("{\"specversion\":\"1.0\",\"id\":\"").append(id).append("\",\"source\":\"").append(source)
                    .append("\",\"type\":\"").append(type).append('"');
            if (timeMs != Dataset.NO_TIME) body.append(",\"time\":\"").append(Instant.ofEpochMilli(timeMs)).append('"');
            body.append(",\"datacontenttype\":\"application/json\",\"data\":");
            try {
                printer.appendTo(data, body);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            body.append('}');
            size++;
        }

        void flush() {
            if (size == 0) return;
            body.append(']');
            send(body.toString());
            sent += size;
            size = 0;
            body.setLength(0);
        }

        private void send(String json) {
            var request = HttpRequest.newBuilder(endpoint).timeout(requestTimeout)
                    .header("Content-Type", BATCH_MEDIA_TYPE)
                    .POST(HttpRequest.BodyPublishers.ofString(json)).build();
            Duration backoff = initialBackoff;
            for (int attempt = 0; ; attempt++) {
                String failure;
                try {
                    HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
                    if (r.statusCode() / 100 == 2) return;
                    failure = "HTTP " + r.statusCode() + ": " + r.body();
                    if (r.statusCode() != 503 && r.statusCode() != 429) {
                        throw new IllegalStateException(endpoint + " rejected a batch: " + failure);
                    }
                } catch (IOException e) {
                    failure = e.toString();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while posting", e);
                }
                if (attempt >= maxRetries) {
                    throw new IllegalStateException("giving up on " + endpoint + " after " + (attempt + 1) + " attempts: " + failure);
                }
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while backing off", e);
                }
                backoff = backoff.multipliedBy(2).compareTo(maxBackoff) > 0 ? maxBackoff : backoff.multipliedBy(2);
            }
        }
    }

}
