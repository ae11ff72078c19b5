package dev.reelrank.retrievalmodel;

import dev.reelrank.proto.v1.HistoryEntry;

/**
 * How much one history entry counts in the user tower's pooled history: a watch counts by how
 * much of the video was watched, explicit approval fully, a bare click a little. Negative and
 * neutral signals (skip, dislike, not interested, impressions) are left out of the pool: the
 * feed's filters already act on them, and a pooled average cannot express "not this".
 */
public final class HistoryWeighting {
    private HistoryWeighting() {}

    /** A watch whose ratio is unknown (duration missing) counts like half a watch. */
    static final float UNKNOWN_RATIO = 0.5f;
    /** Even a short watch says a little about taste (the user chose to start it). */
    static final float MIN_WATCH = 0.05f;
    static final float CLICK = 0.3f;

    public static float weight(HistoryEntry e) {
        return switch (e.getAction()) {
            case watch -> {
                double r = e.getWatchRatio();
                if (r <= 0) yield e.getWatchSeconds() > 0 ? UNKNOWN_RATIO : MIN_WATCH;
                yield (float) Math.max(MIN_WATCH, Math.min(1.0, r));
            }
            case like, share -> 1f;
            case click -> CLICK;
            default -> 0f;
        };
    }
}
