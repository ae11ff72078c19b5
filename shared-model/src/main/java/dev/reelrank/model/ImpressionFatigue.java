package dev.reelrank.model;

import dev.reelrank.proto.v1.Action;
import dev.reelrank.proto.v1.ImpressionTally;
import dev.reelrank.proto.v1.Interaction;
import dev.reelrank.proto.v1.UserFeatures;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;

/**
 * Impression fatigue: a video shown to a user again and again without being played is rested for
 * that user, as a watched one is, until a window passes.
 *
 * <p>The rule, on {@code UserFeatures.impression_tallies}:
 * <ul>
 *   <li>an impression extends the video's run when it comes less than {@code window} after the
 *       run's last impression, else it starts a new run (count 1);</li>
 *   <li>a play ({@link #isPlay}: click, watch, like, share) ends the run: the user chose the video,
 *       so it was not ignored, and the seen filter takes over for click and watch;</li>
 *   <li>a video is rested while its run has at least {@code impressions} impressions and its last
 *       impression is less than {@code window} old: the rest lasts a full window after the user last
 *       saw it, and ends by itself (no event has to arrive) because it is judged at serving time.</li>
 * </ul>
 * Runs are measured gap to gap rather than against a fixed window from their first impression so
 * that the fold does not need the threshold: a run that reached it can only be extended, never
 * restarted early, by an impression on another surface while the video rests. The price is that
 * impressions spread just under a window apart also add up; {@code first_at} is kept so a stricter
 * rule can be judged later without a migration.
 *
 * <p>Skips, dislikes and not-interested are neither impressions nor plays here: the client reports
 * the impression of a skipped video separately, and the other two have their own, stronger filters.
 *
 * @param impressions impressions in one run that rest a video; 0 turns fatigue off in the feed
 *                    (tallies are still kept, so turning it on needs no backfill)
 * @param window      how long a gap ends a run, and how long a tired video rests after its last impression
 * @param limit       tallies kept per user (the least recently shown dropped first); each costs about
 *                    40 bytes in the user's stored features
 */
public record ImpressionFatigue(int impressions, Duration window, int limit) {
    /**
     * Three impressions: one can be a scroll past and two a coincidence, the third is a choice not to
     * watch. Three days: long enough to leave a rested video out of several sessions, short enough
     * that a video the user may want in another mood comes back within the week. 200 tallies: ten
     * Home pages of distinct videos, about 8 KB on the user's features.
     */
    public static final ImpressionFatigue DEFAULTS = new ImpressionFatigue(3, Duration.ofDays(3), 200);

    public ImpressionFatigue {
        Objects.requireNonNull(window, "window");
        if (impressions < 0) throw new IllegalArgumentException("fatigue impressions must be >= 0, was " + impressions);
        if (window.isNegative() || window.isZero()) throw new IllegalArgumentException("fatigue window must be > 0, was " + window);
        if (limit < 0) throw new IllegalArgumentException("fatigue limit must be >= 0, was " + limit);
    }

    /** Whether the feed rests anything at all. */
    public boolean enabled() {
        return impressions > 0;
    }

    /** The actions that show the user chose the video (they end its impression run). */
    public static boolean isPlay(Action action) {
        return switch (action) {
            case click, watch, like, share -> true;
            default -> false;
        };
    }

    /**
     * Folds one interaction into the user's tallies. Cheap for the common case, an impression: one
     * scan of at most {@code limit} tallies, one tally replaced or appended, and at most one dropped.
     * An impression without an event time is not counted (its run could not be judged).
     */
    public void fold(UserFeatures.Builder b, Interaction e) {
        String video = e.getVideoId();
        if (video.isEmpty()) return;
        if (isPlay(e.getAction())) {
            int i = indexOf(b, video);
            if (i >= 0) b.removeImpressionTallies(i);
            return;
        }
        if (e.getAction() != Action.impression || !e.hasOccurredAt() || limit == 0) return;
        long at = e.getOccurredAt().getSeconds();
        int i = indexOf(b, video);
        ImpressionTally next;
        if (i >= 0) {
            ImpressionTally t = b.getImpressionTallies(i);
            b.removeImpressionTallies(i);
            next = at - t.getLastAtEpochS() < window.toSeconds()
                    ? t.toBuilder().setCount(t.getCount() + 1).setLastAtEpochS(Math.max(t.getLastAtEpochS(), at)).build()
                    : started(video, at);
        } else {
            next = started(video, at);
        }
        // Newest last, so the head is always the least recently shown and the bound drops it.
        b.addImpressionTallies(next);
        while (b.getImpressionTalliesCount() > limit) b.removeImpressionTallies(0);
    }

    /** The videos rested for this user at {@code now}; empty when fatigue is off. */
    public Set<String> rested(UserFeatures user, Instant now) {
        if (!enabled() || user.getImpressionTalliesCount() == 0) return Set.of();
        long nowS = now.getEpochSecond(), windowS = window.toSeconds();
        var out = new HashSet<String>();
        for (ImpressionTally t : user.getImpressionTalliesList()) {
            if (t.getCount() >= impressions && nowS - t.getLastAtEpochS() < windowS) out.add(t.getVideoId());
        }
        return out;
    }

    private static ImpressionTally started(String video, long at) {
        return ImpressionTally.newBuilder().setVideoId(video).setCount(1).setFirstAtEpochS(at).setLastAtEpochS(at).build();
    }

    private static int indexOf(UserFeatures.Builder b, String video) {
        // From the newest end: a video shown again is most often one shown recently.
        for (int i = b.getImpressionTalliesCount() - 1; i >= 0; i--) {
            if (b.getImpressionTallies(i).getVideoId().equals(video)) return i;
        }
        return -1;
    }
}
