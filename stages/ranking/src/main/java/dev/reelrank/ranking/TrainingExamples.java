package dev.reelrank.ranking;

import dev.reelrank.model.FeatureStore;
import dev.reelrank.model.RequestContext;
import dev.reelrank.model.ranking.CandidateSimilarity;
import dev.reelrank.model.UserFeatureUpdater;
import dev.reelrank.model.VideoStatsDelta;
import dev.reelrank.model.ranking.FeatureRow;
import dev.reelrank.model.ranking.TrainingExample;
import dev.reelrank.proto.v1.Action;
import dev.reelrank.proto.v1.Interaction;
import dev.reelrank.proto.v1.UserFeatures;
import dev.reelrank.proto.v1.VideoFeatures;
import java.util.ArrayDeque;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Point-in-time training examples: replays an interaction log in time order, and for each exposure
 * (see {@link LabelRule}) assembles the features with {@link RankingFeatures} from the state
 * <em>before</em> it, then folds the event into the state. The state is built by the product's own
 * code: users by {@link UserFeatureUpdater} (embedding-refresh's fold), videos by
 * {@link VideoStatsDelta} totals and the streaming job's windows ({@link VideoCounters}). So a
 * training row is what serving would have assembled at that moment, and nothing the exposure caused
 * (its click, its watch, its effect on the counters) is in its own features.
 *
 * <p>Impressions of one slate (same user, request id and time) share the user state before the
 * first of them, as one request is served from one read of the user. Labels of an impression need
 * the events after it: it is held until its label window closes (or the log ends), so examples come
 * out in exposure order, a window late.
 *
 * <p>The two-tower similarity column comes from an optional {@link CandidateSimilarity} (the
 * retrieval version the ranker will be served beside): the user's vector is found once per slate,
 * from the same user state and the request context of the slate's first event, the way
 * feed-assembly finds it once per request; without one the column stays empty, as before.
 *
 * <p>Input: {@code Interaction} messages (user, video, action, watch seconds, surface, position,
 * request id, time, device, region), as the event API and the dataset folders carry them, in
 * non-decreasing time (logs without times: any fixed order, e.g. per user; ages and windows then mean
 * little). Video metadata comes from {@code catalogue} ({@code VideoMetadata.features} of a
 * {@code video.published}); a video it does not know is an unknown video, as in serving.
 * Not thread-safe; one instance per replay.
 */
public final class TrainingExamples {
    /**
     * @param windows keep the streaming windows (deployments running the streaming features job);
     *                off, rows see no windows, as when the feature store's stream-stats are off
     */
    public record Config(LabelRule labels, UserFeatureUpdater updater, boolean windows) {}

    private final Config config;
    private final Function<String, VideoFeatures> catalogue;
    private final Function<String, UserFeatures> newUser;
    private final CandidateSimilarity similarity;
    private final Map<String, UserState> users = new HashMap<>();
    private final Map<String, VideoCounters> videos = new HashMap<>();
    private final Map<String, Pending> pendingByUserVideo = new HashMap<>();
    private final ArrayDeque<Pending> pending = new ArrayDeque<>();
    private long clock = Long.MIN_VALUE;
    private long exposures;

    /**
     * @param catalogue static features of a video id (no counters), or null when unknown
     * @param newUser   the state of a user before their first event (e.g. a known home region); null
     *                  for an empty {@code UserFeatures}
     */
    public TrainingExamples(Config config, Function<String, VideoFeatures> catalogue, Function<String, UserFeatures> newUser) {
        this(config, catalogue, newUser, null);
    }

    /** @param similarity the two-tower similarity of each exposure, or null to leave the column empty */
    public TrainingExamples(Config config, Function<String, VideoFeatures> catalogue, Function<String, UserFeatures> newUser,
                            CandidateSimilarity similarity) {
        this.config = config;
        this.catalogue = catalogue;
        this.newUser = newUser;
        this.similarity = similarity;
    }

    private static final class UserState {
        final UserFeatures.Builder builder;
        /** The view of the state before the current slate, while the slate's impressions arrive. */
        RankingFeatures.UserView slateView;
        /** The slate's two-tower query (null: none), found with {@link #slateView}. */
        CandidateSimilarity.Query slateQuery;
        String slateRequest;
        long slateTime;

        UserState(UserFeatures start) {
            builder = start.toBuilder();
        }
    }

    private static final class Pending {
        final String userId, videoId, requestId;
        final long time;
        final FeatureRow row;
        final int duration;
        boolean engaged;
        double watchSeconds;

        Pending(String userId, String videoId, String requestId, long time, FeatureRow row, int duration) {
            this.userId = userId;
            this.videoId = videoId;
            this.requestId = requestId;
            this.time = time;
            this.row = row;
            this.duration = duration;
        }
    }

    /** Replays {@code events}; examples go to {@code out}, all of them by the time this returns. */
    public void replay(Iterator<Interaction> events, Consumer<TrainingExample> out) {
        while (events.hasNext()) accept(events.next(), out);
        flush(Long.MAX_VALUE, out);
    }

    /** All examples of {@code events}, in exposure order. */
    public List<TrainingExample> replayAll(Iterator<Interaction> events) {
        var all = new ArrayList<TrainingExample>();
        replay(events, all::add);
        return all;
    }

    /** Exposures seen so far. */
    public long exposures() {
        return exposures;
    }

    /** One event: labels earlier exposures, maybe is an exposure itself, then is folded into the state. */
    public void accept(Interaction e, Consumer<TrainingExample> out) {
        long t = timeOf(e);
        clock = Math.max(clock, t);
        if (config.labels().impressions()) flush(t - config.labels().windowMillis(), out);
        String userId = e.getUserId();
        String videoId = e.getVideoId();
        UserState user = users.computeIfAbsent(userId, id -> new UserState(start(id)));
        VideoFeatures meta = videoId.isEmpty() ? null : catalogue.apply(videoId);

        if (!videoId.isEmpty()) {
            if (config.labels().impressions()) {
                if (e.getAction() == Action.impression) {
                    expose(e, t, user, meta, out, true);
                } else if (LabelRule.engages(e.getAction())) {
                    Pending p = pendingByUserVideo.get(userId + '\u0000' + videoId);
                    if (p != null && (p.requestId.isEmpty() || e.getRequestId().isEmpty() || p.requestId.equals(e.getRequestId()))) {
                        p.engaged = true;
                        p.watchSeconds += Math.max(0, e.getWatchSeconds());
                    }
                }
            } else if (e.getAction() != Action.impression) {
                expose(e, t, user, meta, out, false);
            }
        }

        // The fold, after the features were read.
        config.updater().applyTo(user.builder, e, meta);
        if (e.getAction() != Action.impression || !sameSlate(user, e, t)) user.slateView = null;
        if (meta != null) {
            VideoStatsDelta d = VideoStatsDelta.of(e);
            if (!d.isEmpty()) videos.computeIfAbsent(videoId, id -> new VideoCounters()).add(d, t, config.windows());
        }
    }

    /**
     * The user's wall clock at {@code t}, as serving sees it (written as if it were UTC): the event's
     * own UTC offset where it has one, else UTC (events logged before the offset existed).
     */
    static long localClock(Interaction e, long t) {
        return e.hasUtcOffsetMinutes() ? t + e.getUtcOffsetMinutes() * 60_000L : t;
    }

    private void expose(Interaction e, long t, UserState user, VideoFeatures meta, Consumer<TrainingExample> out, boolean impression) {
        exposures++;
        String region = !e.getRegion().isEmpty() ? e.getRegion() : user.builder.getHomeRegion();
        if (user.slateView == null || !sameSlate(user, e, t)) {
            UserFeatures state = user.builder.build();
            user.slateView = RankingFeatures.user(state, t);
            user.slateRequest = e.getRequestId();
            user.slateTime = t;
            user.slateQuery = similarity == null ? null : similarity.query(state, new RequestContext(
                    e.getDevice().isEmpty() ? null : e.getDevice(), region.isEmpty() ? null : region,
                    e.hasOccurredAt() ? Instant.ofEpochMilli(localClock(e, t)) : null));
        }
        VideoFeatures video = meta == null ? null : videoAt(e.getVideoId(), meta, t);
        var ctx = new RankingFeatures.Context(e.getDevice(), region,
                e.hasOccurredAt() ? RankingFeatures.Context.hourOf(localClock(e, t)) : -1, e.getSurface());
        float sim = user.slateQuery == null ? RankingFeatures.NO_SIMILARITY : user.slateQuery.scores(List.of(e.getVideoId()))[0];
        FeatureRow row = RankingFeatures.row(user.slateView, video, e.getVideoId(), ctx, Math.max(0, e.getPosition()), sim);
        int duration = meta == null ? 0 : meta.getDurationSeconds();
        if (impression) {
            var p = new Pending(e.getUserId(), e.getVideoId(), e.getRequestId(), t, row, duration);
            pending.addLast(p);
            pendingByUserVideo.put(e.getUserId() + '\u0000' + e.getVideoId(), p);
        } else {
            float click = config.labels().positive(e, duration) ? 1 : 0;
            float ratio = e.getAction() == Action.watch ? LabelRule.watchRatio(e.getWatchSeconds(), duration) : 0;
            out.accept(new TrainingExample(e.getUserId(), e.getVideoId(), t, row, click, ratio));
        }
    }

    private boolean sameSlate(UserState user, Interaction e, long t) {
        return user.slateView != null && user.slateTime == t && user.slateRequest.equals(e.getRequestId());
    }

    /** Emits the impressions shown before {@code before} (their label window has closed). */
    private void flush(long before, Consumer<TrainingExample> out) {
        while (!pending.isEmpty() && pending.peekFirst().time < before) {
            Pending p = pending.pollFirst();
            pendingByUserVideo.remove(p.userId + '\u0000' + p.videoId, p);
            float ratio = p.engaged ? LabelRule.watchRatio(p.watchSeconds, p.duration) : 0;
            out.accept(new TrainingExample(p.userId, p.videoId, p.time, p.row, p.engaged ? 1 : 0, ratio));
        }
    }

    private UserFeatures start(String userId) {
        UserFeatures u = newUser == null ? null : newUser.apply(userId);
        return u != null ? u : UserFeatures.newBuilder().setUserId(userId).build();
    }

    private VideoFeatures videoAt(String videoId, VideoFeatures meta, long t) {
        VideoCounters c = videos.get(videoId);
        return c == null ? meta : c.features(meta, t, config.windows());
    }

    private static long timeOf(Interaction e) {
        return e.hasOccurredAt() ? e.getOccurredAt().getSeconds() * 1000 + e.getOccurredAt().getNanos() / 1_000_000 : 0L;
    }

    /**
     * The replayed state as a read-only {@link FeatureStore} at the newest event time: users as the
     * fold left them, videos with their counters and windows. What the online store would hold after
     * exactly these events, so an evaluation can rank with the very features training saw.
     */
    public FeatureStore state() {
        long asOf = clock == Long.MIN_VALUE ? 0 : clock;
        return new FeatureStore() {
            @Override
            public Optional<UserFeatures> user(String userId) {
                UserState s = users.get(userId);
                return s == null ? Optional.empty() : Optional.of(s.builder.build());
            }

            @Override
            public Map<String, VideoFeatures> videos(Collection<String> ids) {
                var out = new HashMap<String, VideoFeatures>(ids.size() * 2);
                for (String id : ids) {
                    VideoFeatures meta = catalogue.apply(id);
                    if (meta != null) out.put(id, videoAt(id, meta, asOf));
                }
                return out;
            }
        };
    }
}
