package dev.reelrank.streamingfeatures;

import dev.reelrank.model.Popularity;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.util.Collector;

/** An interaction's trending weight goes to the global scope and to its region's, when it has one. */
final class TrendContributions implements FlatMapFunction<InteractionEvent, TrendContribution> {
    @Override
    public void flatMap(InteractionEvent e, Collector<TrendContribution> out) {
        if (!(e.trendingWeight() > 0)) return;
        out.collect(new TrendContribution(Popularity.GLOBAL, e.videoId(), e.trendingWeight(), e.eventTimeMillis()));
        if (!e.region().isEmpty()) out.collect(new TrendContribution(e.region(), e.videoId(), e.trendingWeight(), e.eventTimeMillis()));
    }
}
