package dev.reelrank.streamingfeatures;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.TimeDomain;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Per video (keyed by videoId): totals and sliding windows of 5 min, 1 h and 24 h in minute
 * buckets ({@link VideoState}), written out as absolute values.
 *
 * <p><b>Time.</b> Windows are in event time (the interaction's time, see
 * {@link DecodeInteractions#eventTime}) with bounded out-of-orderness, not processing time: an event
 * lands in the bucket of when it happened, so replaying a backlog or re-reading events after a
 * restart from a checkpoint puts every event into the same bucket as the first time, and the
 * windows come out the same. Processing time would pile a replay into the current minutes. Late
 * events are not dropped: they go into their minute's bucket as long as the 24 h window still
 * holds it (totals always count them). The windows are read "as of" the watermark (or the video's
 * newest event, when later), so a stream that goes quiet freezes them; the row's {@code as_of}
 * says which time they describe.
 *
 * <p><b>Writes.</b> An event marks the video dirty and sets a processing-time timer on the next
 * multiple of the flush interval (Flink keeps one timer per key and time), so a video is written at
 * most once per interval however many events it gets. An event-time timer at the moment the
 * oldest bucket of some window leaves it marks it dirty again, so windows shrink as time passes.
 * Timers and the dirty flag are part of the checkpoint, so a write that was due at a checkpoint is
 * done after a restore.
 */
final class VideoStatsFunction extends KeyedProcessFunction<String, InteractionEvent, VideoStreamStats> {
    private final long flushMillis;
    /** A bounded input: also write what is pending when the input ends (see onTimer). */
    private final boolean bounded;
    private transient ValueState<VideoState> state;

    VideoStatsFunction(long flushMillis, boolean bounded) {
        this.flushMillis = flushMillis;
        this.bounded = bounded;
    }

    @Override
    public void open(OpenContext openContext) {
        state = getRuntimeContext().getState(new ValueStateDescriptor<>("video", TypeInformation.of(VideoState.class)));
    }

    @Override
    public void processElement(InteractionEvent e, Context ctx, Collector<VideoStreamStats> out) throws Exception {
        VideoState s = state.value();
        if (s == null) s = new VideoState();
        s.add(e.delta(), e.eventTimeMillis(), ctx.timerService().currentWatermark());
        markDirty(s, ctx);
        state.update(s);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<VideoStreamStats> out) throws Exception {
        VideoState s = state.value();
        if (s == null) return;
        if (ctx.timeDomain() == TimeDomain.EVENT_TIME && timestamp == Long.MAX_VALUE) {
            // The end of a bounded input, when pending processing-time timers would be dropped:
            // write what is pending, as of the video's newest event (the watermark is MAX_VALUE).
            if (s.dirty) {
                out.collect(s.snapshot(ctx.getCurrentKey(), s.asOf(Long.MIN_VALUE)));
                s.dirty = false;
                state.update(s);
            }
            return;
        }
        if (ctx.timeDomain() == TimeDomain.EVENT_TIME) {
            if (timestamp != s.expiryTimerMillis) return;   // superseded by a later schedule
            s.expiryTimerMillis = Long.MIN_VALUE;
            markDirty(s, ctx);
            state.update(s);
            return;
        }
        if (!s.dirty) return;
        long asOf = s.asOf(ctx.timerService().currentWatermark());
        out.collect(s.snapshot(ctx.getCurrentKey(), asOf));
        s.dirty = false;
        long next = s.nextExpiryMillis(asOf);
        if (next != s.expiryTimerMillis) {
            // One expiry timer per video: a replaced one would only fire for nothing and grow the timer queue.
            if (s.expiryTimerMillis != Long.MIN_VALUE) ctx.timerService().deleteEventTimeTimer(s.expiryTimerMillis);
            s.expiryTimerMillis = next == Long.MAX_VALUE ? Long.MIN_VALUE : next;
            if (next != Long.MAX_VALUE) ctx.timerService().registerEventTimeTimer(next);
        }
        state.update(s);
    }

    private void markDirty(VideoState s, Context ctx) {
        if (s.dirty) return;
        s.dirty = true;
        long now = ctx.timerService().currentProcessingTime();
        ctx.timerService().registerProcessingTimeTimer((now / flushMillis + 1) * flushMillis);
        if (bounded) ctx.timerService().registerEventTimeTimer(Long.MAX_VALUE);
    }
}
