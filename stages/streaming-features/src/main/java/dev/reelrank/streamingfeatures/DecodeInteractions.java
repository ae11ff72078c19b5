package dev.reelrank.streamingfeatures;

import com.google.protobuf.Timestamp;
import dev.reelrank.eventlog.EventTypes;
import dev.reelrank.eventlog.LoggedEvent;
import dev.reelrank.model.EngagementWeights;
import dev.reelrank.model.ServedImpressions;
import dev.reelrank.model.VideoStatsDelta;
import dev.reelrank.proto.v1.Interaction;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Decodes our CloudEvents (Kafka binary mode, Protobuf {@link Interaction} value) into
 * {@link InteractionEvent}s. A record that is not one of them, or an interaction without a video
 * although its action counts for one, goes to the {@link #DEAD_LETTERS} side output with the reason;
 * the job never stops for it. Interactions that change no counter and no trending score (e.g.
 * subscribe) are dropped silently: they are valid, just not ours.
 */
public final class DecodeInteractions extends ProcessFunction<RawRecord, InteractionEvent> {
    public static final OutputTag<DeadLetter> DEAD_LETTERS = new OutputTag<>("dead-letters") {};

    /** Accumulator names: records read, dead letters (the job prints them at the end of a bounded run). */
    public static final String RECORDS = "records", DEAD = "dead-letters";

    private transient EngagementWeights weights;
    private final long progressMillis;
    private transient LongCounter records, dead;
    private transient long lastProgress, lastRecords;

    DecodeInteractions(long progressMillis) {
        this.progressMillis = progressMillis;
    }

    @Override
    public void open(OpenContext openContext) {
        weights = EngagementWeights.DEFAULTS;
        records = getRuntimeContext().getLongCounter(RECORDS);
        dead = getRuntimeContext().getLongCounter(DEAD);
        lastProgress = System.currentTimeMillis();
    }

    @Override
    public void processElement(RawRecord raw, Context ctx, Collector<InteractionEvent> out) {
        records.add(1);
        if (progressMillis > 0 && (records.getLocalValuePrimitive() & 1023) == 0) progress();
        decode(raw, ctx, out);
    }

    /** One quiet line per subtask every progress interval, while records flow. */
    private void progress() {
        long now = System.currentTimeMillis();
        if (now - lastProgress < progressMillis) return;
        long n = records.getLocalValuePrimitive();
        System.out.printf("streaming-features: subtask %d: %d records (%.0f/s), %d dead letters%n",
                getRuntimeContext().getTaskInfo().getIndexOfThisSubtask(), n, (n - lastRecords) * 1000.0 / (now - lastProgress),
                dead.getLocalValuePrimitive());
        lastProgress = now;
        lastRecords = n;
    }

    private void decode(RawRecord raw, Context ctx, Collector<InteractionEvent> out) {
        LoggedEvent event;
        try {
            event = LoggedEvent.fromRecord(raw.toConsumerRecord());
        } catch (RuntimeException e) {
            deadLetter(ctx, new DeadLetter(raw, "undecodable: " + message(e)));
            return;
        }
        if (event.type() != EventTypes.INTERACTION) {
            deadLetter(ctx, new DeadLetter(raw, "not an interaction: " + event.type().type));
            return;
        }
        Interaction i = (Interaction) event.payload();
        VideoStatsDelta delta = VideoStatsDelta.of(i);
        double weight = Math.max(0, weights.of(i));
        if (delta.isEmpty() && weight == 0) return;
        if (i.getVideoId().isBlank()) {
            deadLetter(ctx, new DeadLetter(raw, "interaction " + event.id() + " (" + i.getAction() + ") has no video_id"));
            return;
        }
        long time = eventTime(i, event, raw.timestamp());
        out.collect(new InteractionEvent(i.getVideoId(), i.getRegion().trim(), delta, weight, time,
                ServedImpressions.countingKey(i).orElse(null)));
    }

    private void deadLetter(Context ctx, DeadLetter d) {
        dead.add(1);
        ctx.output(DEAD_LETTERS, d);
    }

    /**
     * The interaction's {@code occurred_at}, else the CloudEvent's time, else the Kafka record's
     * timestamp; never later than the record's timestamp (the time event-ingestion accepted it),
     * so a client clock running ahead cannot push the watermark into the future.
     */
    static long eventTime(Interaction i, LoggedEvent event, long recordTimestamp) {
        long t;
        if (i.hasOccurredAt()) t = millis(i.getOccurredAt());
        else if (event.time() != null) t = event.time().toInstant().toEpochMilli();
        else t = recordTimestamp;
        return recordTimestamp >= 0 ? Math.min(t, recordTimestamp) : t;
    }

    private static long millis(Timestamp ts) {
        return ts.getSeconds() * 1000 + ts.getNanos() / 1_000_000;
    }

    private static String message(Throwable e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }
}
