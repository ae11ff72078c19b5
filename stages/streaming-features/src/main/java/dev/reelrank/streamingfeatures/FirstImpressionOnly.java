package dev.reelrank.streamingfeatures;

import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keyed by an impression's counting key (user, request, video): lets the first through and drops
 * the rest. feed-assembly logs every item it serves as an impression and clients send their own for
 * the same items; counted both, every served video's impressions would double and its CTR halve. The
 * memory of a key lasts {@code ttl} of processing time (kept in checkpoints, so exactly once holds
 * across restarts); a client impression later than that counts again, which bounds the state to the
 * keys of the last {@code ttl}.
 */
final class FirstImpressionOnly extends KeyedProcessFunction<String, InteractionEvent, InteractionEvent> {
    private final Duration ttl;
    private transient ValueState<Boolean> seen;

    FirstImpressionOnly(Duration ttl) {
        this.ttl = ttl;
    }

    @Override
    public void open(OpenContext openContext) {
        var descriptor = new ValueStateDescriptor<>("impression-seen", Boolean.class);
        descriptor.enableTimeToLive(StateTtlConfig.newBuilder(ttl).neverReturnExpired().build());
        seen = getRuntimeContext().getState(descriptor);
    }

    @Override
    public void processElement(InteractionEvent e, Context ctx, Collector<InteractionEvent> out) throws Exception {
        if (seen.value() != null) return;
        seen.update(Boolean.TRUE);
        out.collect(e);
    }
}
