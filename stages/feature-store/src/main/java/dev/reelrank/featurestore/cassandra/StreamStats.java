package dev.reelrank.featurestore.cassandra;

import dev.reelrank.model.VideoStatsDelta;
import dev.reelrank.proto.v1.VideoFeatures;
import dev.reelrank.proto.v1.WindowStats;
import java.util.Collection;

/**
 * The rows of {@code reelrank.video_stream_stats} (written by the streaming features job, schema in
 * {@code db/cql/V005__video_stream_stats.cql}) and how they enter {@link VideoFeatures}. Kept apart
 * from the driver's rows so the merge can be tested without Cassandra.
 */
final class StreamStats {
    static final String TOTAL = "total";
    static final String LAST_5M = "5m";
    static final String LAST_1H = "1h";
    static final String LAST_24H = "24h";

    /** One row: a span's absolute counters; {@code ctr} is null without impressions, as the job stores it. */
    record Span(String span, VideoStatsDelta counts, Double ctr) {}

    private StreamStats() {}

    /**
     * The video as read from {@code video_features} and {@code video_counters}, with the job's rows
     * applied: its {@code total} replaces every counter, because once the job has seen a video it
     * is the one source of its counters (the fold's {@code video_counters} stops growing when
     * embedding-refresh runs with video-stats off, and stays only as the fallback for videos, and
     * deployments, the job has not seen). Windows are set only from rows that exist, so "the job
     * never saw it" stays distinguishable from "nothing happened in the window". Spans this reader
     * does not know are ignored, so the job can add one first.
     */
    static VideoFeatures merge(VideoFeatures fromTables, Collection<Span> spans) {
        if (spans.isEmpty()) return fromTables;
        var b = fromTables.toBuilder();
        for (Span s : spans) {
            VideoStatsDelta c = s.counts();
            switch (s.span()) {
                case TOTAL -> b.setImpressions(c.impressions()).setViews(c.views()).setClicks(c.clicks())
                        .setWatchSeconds(c.watchSeconds()).setLikes(c.likes()).setDislikes(c.dislikes())
                        .setShares(c.shares()).setSkips(c.skips()).setNotInterested(c.notInterested());
                case LAST_5M -> b.setLast5M(window(s));
                case LAST_1H -> b.setLast1H(window(s));
                case LAST_24H -> b.setLast24H(window(s));
                default -> { }
            }
        }
        return b.build();
    }

    private static WindowStats window(Span s) {
        VideoStatsDelta c = s.counts();
        return WindowStats.newBuilder().setImpressions(c.impressions()).setViews(c.views()).setClicks(c.clicks())
                .setWatchSeconds(c.watchSeconds()).setLikes(c.likes()).setCtr(s.ctr() == null ? 0 : s.ctr()).build();
    }
}
