package dev.reelrank.model;

import dev.reelrank.proto.v1.UserFeatures;
import java.time.Clock;
import java.util.List;
import java.util.Objects;

/**
 * Drops the videos {@link ImpressionFatigue} rests for the user now. The seen filter's sibling, run
 * right after it in {@link PostProcessing#steps}, so it covers every path the seen filter does (the
 * ranked list, the retrieval order and the popular lists).
 */
public final class FatigueFilter implements PostProcessor {
    private final ImpressionFatigue fatigue;
    private final Clock clock;

    public FatigueFilter(ImpressionFatigue fatigue, Clock clock) {
        this.fatigue = Objects.requireNonNull(fatigue, "fatigue");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public List<Candidate> apply(FeedRequest request, UserFeatures user, List<Candidate> ranked) {
        var rested = fatigue.rested(user, clock.instant());
        if (rested.isEmpty()) return ranked;
        return ranked.stream().filter(c -> !rested.contains(c.videoId())).toList();
    }
}
