package dev.reelrank.pipeline.datasets;

import dev.reelrank.model.auth.ClientToken;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import dev.reelrank.pipeline.io.Progress;
import dev.reelrank.proto.v1.VideoPublished;
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
        return stream(d, StreamPart.all(d, StreamPart.DEFAULT_UNTIMED_START));
    }

    /** Posts the part's videos, then its rows in time order, with the part's event times. */
    public long stream(Dataset d, StreamPart part) {
        String key = d.manifest.name();
        String source = d.manifest.eventSource();
        var printer = JsonFormat.printer().omittingInsignificantWhitespace();
        var http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        var progress = new Progress("post events", (long) part.videoCount() + part.rowCount());
        var batch = new Batch(http, printer, source);
        for (int v = 0; v < d.videoCount(); v++) {
            if (!part.videos()[v]) continue;
            long t = part.videoTime()[v];
            batch.add(key + "/v/" + d.videos.value(v), "video.published", t, videoPublished(d, part, v));
            if (batch.size == batchSize) { batch.flush(); progress.add(batchSize); }
        }
        for (int row : timeOrder(part.rowTime(), part.rows())) {
            long t = part.rowTime()[row];
            var interaction = d.interaction(row);
            if (!interaction.hasOccurredAt() && t != Dataset.NO_TIME) interaction = interaction.toBuilder().setOccurredAt(Dataset.timestamp(t)).build();
            batch.add(key + "/i/" + row, "video.interaction", t, interaction);
            if (batch.size == batchSize) { batch.flush(); progress.add(batchSize); }
        }
        int rest = batch.size;
        batch.flush();
        progress.add(rest);
        progress.finish();
        return batch.sent;
    }

    /**
     * The {@code video.published} this streamer sends for video {@code v}: the catalogue's row, with
     * the part's synthetic publish time when the row has none. The bulk load writes the stores
     * from exactly these events.
     */
    public static VideoPublished videoPublished(Dataset d, StreamPart part, int v) {
        long t = part.videoTime()[v];
        var published = d.videoPublished(v);
        return !published.hasPublishedAt() && t != Dataset.NO_TIME ? published.toBuilder().setPublishedAt(Dataset.timestamp(t)).build() : published;
    }

    static int[] timeOrder(Dataset d) {
        boolean[] all = new boolean[d.rows];
        Arrays.fill(all, true);
        return timeOrder(d.time, all);
    }

    /** Selected row numbers by time (stable: one user's rows keep their order); file order when there are no times. */
    static int[] timeOrder(long[] time, boolean[] selected) {
        int n = 0;
        for (boolean s : selected) if (s) n++;
        int[] rows = new int[n];
        for (int i = 0, k = 0; i < selected.length; i++) if (selected[i]) rows[k++] = i;
        long min = Long.MAX_VALUE, max = Long.MIN_VALUE;
        for (int i : rows) if (time[i] != Dataset.NO_TIME) { min = Math.min(min, time[i]); max = Math.max(max, time[i]); }
        if (min == Long.MAX_VALUE) return rows;
        int rowBits = 64 - Long.numberOfLeadingZeros(Math.max(1, time.length));
        long span = max - min + 2;
        int[] order = new int[n];
        if (64 - Long.numberOfLeadingZeros(span) + rowBits <= 63) {
            // One primitive sort of (time, row) packed in a long: no boxing for tens of millions of rows.
            long[] keys = new long[n];
            for (int k = 0; k < n; k++) {
                int i = rows[k];
                long t = time[i] == Dataset.NO_TIME ? 0 : time[i] - min + 1;
                keys[k] = (t << rowBits) | i;
            }
            Arrays.sort(keys);
            long mask = (1L << rowBits) - 1;
            for (int k = 0; k < n; k++) order[k] = (int) (keys[k] & mask);
            return order;
        }
        Integer[] boxed = new Integer[n];
        for (int k = 0; k < n; k++) boxed[k] = rows[k];
        Arrays.sort(boxed, (a, b) -> Long.compare(time[a], time[b]));
        for (int k = 0; k < n; k++) order[k] = boxed[k];
        return order;
    }

    /** The event API's JSON of a payload. */
    public static String dataJson(JsonFormat.Printer printer, Message data) {
        try {
            String j = printer.print(data);
            if (data instanceof dev.reelrank.proto.v1.Interaction i && i.getAction() == dev.reelrank.proto.v1.Action.watch
                    && i.getWatchSeconds() == 0) {
                // proto3 JSON leaves out a zero, but the event API requires watchSeconds on every watch
                // (a 0-second watch is data: KuaiRec has them).
                return j.substring(0, j.length() - 1) + ",\"watchSeconds\":0}";
            }
            return j;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
            body.append(dataJson(printer, data)).append('}');
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
            var request = ClientToken.withToken(HttpRequest.newBuilder(endpoint)).timeout(requestTimeout)
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
