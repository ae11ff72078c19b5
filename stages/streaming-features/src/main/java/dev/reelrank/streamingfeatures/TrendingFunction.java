package dev.reelrank.streamingfeatures;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.TimeDomain;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Trending per scope (global and each region) with exponential time decay: keyed by (scope,
 * video), the state holds the {@link ForwardDecay} log score, which does not change with time, so
 * only videos with new events are written (at most once per flush interval, like the counters), and
 * the sorted set stays in decayed order. Event time, for the same reason as the counters: a replay
 * gives the same scores.
 *
 * <p>State of a (scope, video) with no event for {@link #FORGET_AFTER_HALF_LIVES} half-lives (its
 * score has decayed below a millionth of what it was) is dropped by an event-time timer; the
 * member stays in Redis with its (old, hence low) score until trimmed, and a later event starts a
 * new score, missing only that millionth.
 */
final class TrendingFunction extends KeyedProcessFunction<String, TrendContribution, TrendScore> {
    static final int FORGET_AFTER_HALF_LIVES = 20;

    private final long flushMillis;
    private final long halfLifeMillis;
    /** A bounded input: also write what is pending when the input ends (see onTimer). */
    private final boolean bounded;
    private transient ForwardDecay decay;
    private transient ValueState<TrendState> state;

    TrendingFunction(long flushMillis, long halfLifeMillis, boolean bounded) {
        this.bounded = bounded;
        this.flushMillis = flushMillis;
        this.halfLifeMillis = halfLifeMillis;
    }

    @Override
    public void open(OpenContext openContext) {
        decay = new ForwardDecay(halfLifeMillis);
        state = getRuntimeContext().getState(new ValueStateDescriptor<>("trend", TypeInformation.of(TrendState.class)));
    }

    @Override
    public void processElement(TrendContribution c, Context ctx, Collector<TrendScore> out) throws Exception {
        TrendState s = state.value();
        if (s == null) s = new TrendState();
        s.logScore = decay.add(s.logScore, c.weight(), c.atMillis());
        if (c.atMillis() > s.newestMillis) {
            long before = s.newestMillis == Long.MIN_VALUE ? Long.MIN_VALUE : forgetAt(s.newestMillis);
            s.newestMillis = c.atMillis();
            long after = forgetAt(s.newestMillis);
            if (after != before) ctx.timerService().registerEventTimeTimer(after);   // earlier ones find it newer and pass
        }
        if (!s.dirty) {
            s.dirty = true;
            long now = ctx.timerService().currentProcessingTime();
            ctx.timerService().registerProcessingTimeTimer((now / flushMillis + 1) * flushMillis);
            if (bounded) ctx.timerService().registerEventTimeTimer(Long.MAX_VALUE);
        }
        state.update(s);
    }

    /** When to drop the state, rounded up to a whole half-life so a busy key holds few distinct timers. */
    private long forgetAt(long newestMillis) {
        long t = newestMillis + FORGET_AFTER_HALF_LIVES * halfLifeMillis;
        return (Math.floorDiv(t, halfLifeMillis) + 1) * halfLifeMillis;
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<TrendScore> out) throws Exception {
        TrendState s = state.value();
        if (s == null) return;
        if (ctx.timeDomain() == TimeDomain.EVENT_TIME && timestamp != Long.MAX_VALUE) {
            if (timestamp < forgetAt(s.newestMillis)) return;   // a newer event set a later timer
            if (s.dirty) write(s, ctx, out);
            state.clear();
            return;
        }
        // A flush timer, or the end of a bounded input (watermark MAX_VALUE), when pending
        // processing-time timers would be dropped.
        if (!s.dirty) return;
        write(s, ctx, out);
        s.dirty = false;
        state.update(s);
    }

    private static void write(TrendState s, OnTimerContext ctx, Collector<TrendScore> out) {
        String key = ctx.getCurrentKey();
        int nl = key.indexOf('\n');
        out.collect(new TrendScore(key.substring(0, nl), key.substring(nl + 1), s.logScore));
    }
}
