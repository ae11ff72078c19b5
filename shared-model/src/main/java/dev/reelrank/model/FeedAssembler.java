package dev.reelrank.model;

import dev.reelrank.proto.v1.Surface;
import dev.reelrank.proto.v1.UserFeatures;
import dev.reelrank.proto.v1.VideoFeatures;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The feed pipeline: candidate sources in parallel → merge and de-duplicate → rank →
 * post-process → top {@code limit}. Framework-free so the feed-assembly function, the offline
 * evaluator and the benchmarks run exactly the same code.
 *
 * <p>Invariant: {@link #assemble} never throws because a dependency failed. A failed source
 * contributes nothing; a failed feature read is an unknown user; a failed ranker keeps the
 * retrieval order; if nothing at all was retrieved the {@code popularFallback} answers. Every
 * degraded answer says so in {@link Feed#fallback()}. The request's {@link FeedFilter} holds on
 * every one of these paths: excluded videos are dropped in the merge, content constraints are
 * checked on the video features the merge reads anyway (for the channels), and the popular list is
 * filtered the same way. A failed read of the recent "not interested" ({@link NegativeFeedback})
 * leaves the user's folded lists alone, not flagged: the feed is still personal, only as stale as
 * the stream consumer's fold.
 *
 * <p>What an answer's {@link Feed#modelVersion()} and item scores say depends on what ordered it:
 * <ul>
 *   <li>a ranker: its model version, and its combined scores, never rising down the list
 *       ({@link FeedItem#ranked});
 *   <li>the retrieval merge (ranking off, {@code ranking_timeout}, {@code ranking_circuit_open}, {@code ranking_unavailable}): the
 *       model version of the first version-bound source (the two-tower model's {@code ann},
 *       {@code up_next}: {@link CandidateSource#modelVersion}) that proposed any of the merged candidates,
 *       else {@code retrievalVersion}; position scores {@code 1 − i/n} over the post-processed list
 *       ({@link FeedItem#byPosition});
 *   <li>the popular list ({@code no_candidates}): {@code retrievalVersion}, position scores.
 * </ul>
 * Inside the pipeline a {@link Candidate#score()} stays what its source or the ranker gave it (the
 * ranker is sent the sources' scores); only the served items carry the scores above.
 */
public final class FeedAssembler {
    private static final Logger LOG = Logger.getLogger(FeedAssembler.class.getName());

    /**
     * A source and how many candidates it may contribute. {@code leadsOn}: the surface this source
     * is made for (Up Next's item-to-item source on {@code up_next}); on a request for that surface
     * its candidates come first in the merge, before the sources listed earlier. Null: none.
     */
    public record SourceQuota(CandidateSource source, int quota, Surface leadsOn) {
        public SourceQuota {
            Objects.requireNonNull(source, "source");
            if (quota < 0) throw new IllegalArgumentException("quota must be >= 0");
        }

        public SourceQuota(CandidateSource source, int quota) {
            this(source, quota, null);
        }
    }

    private final List<SourceQuota> sources;
    /** Starts 30 s in the past: the first failure is a WARNING. */
    private final WarningGate recentWarning = new WarningGate(Duration.ofSeconds(30));
    /** The merge order of each surface that some source leads; other surfaces use {@link #sources}. */
    private final Map<Surface, List<SourceQuota>> ledOrders = new EnumMap<>(Surface.class);
    private final Ranker ranker;
    private final List<PostProcessor> postProcessors;
    private final FeatureStore features;
    private final NegativeFeedback negativeFeedback;
    private final Executor executor;
    private final String retrievalVersion;
    private final Supplier<List<Candidate>> popularFallback;

    /**
     * @param ranker           null to serve in retrieval order (no ranking stage yet)
     * @param retrievalVersion the {@code modelVersion} reported when no ranker ordered the feed and no
     *                         version-bound source proposed candidates, and for the popular list
     * @param popularFallback  cached list served when retrieval produced nothing
     */
    public FeedAssembler(List<SourceQuota> sources, Ranker ranker, List<PostProcessor> postProcessors,
                         FeatureStore features, Executor executor, String retrievalVersion,
                         Supplier<List<Candidate>> popularFallback) {
        this(sources, ranker, postProcessors, features, NegativeFeedback.NONE, executor, retrievalVersion, popularFallback);
    }

    /** @param negativeFeedback the recent "not interested" the user's features may not hold yet */
    public FeedAssembler(List<SourceQuota> sources, Ranker ranker, List<PostProcessor> postProcessors,
                         FeatureStore features, NegativeFeedback negativeFeedback, Executor executor,
                         String retrievalVersion, Supplier<List<Candidate>> popularFallback) {
        this.sources = List.copyOf(sources);
        for (SourceQuota sq : this.sources) {
            Surface led = sq.leadsOn();
            if (led == null || ledOrders.containsKey(led)) continue;
            var order = new ArrayList<SourceQuota>(this.sources.size());
            this.sources.stream().filter(x -> x.leadsOn() == led).forEach(order::add);
            this.sources.stream().filter(x -> x.leadsOn() != led).forEach(order::add);
            ledOrders.put(led, List.copyOf(order));
        }
        this.ranker = ranker;
        this.postProcessors = List.copyOf(postProcessors);
        this.features = features;
        this.negativeFeedback = Objects.requireNonNull(negativeFeedback, "negativeFeedback");
        this.executor = executor;
        this.retrievalVersion = retrievalVersion;
        this.popularFallback = popularFallback;
    }

    /** The user's features with the recent "not interested" merged in; {@code unavailable} set when the read failed. */
    private record UserRead(UserFeatures user, boolean unavailable) {}

    private UserRead readUser(String userId) {
        // Sent before the blocking feature read so both round trips overlap.
        CompletableFuture<NegativeFeedback.Suppressed> recent = recentSuppressions(userId);
        UserFeatures user;
        boolean unavailable = false;
        try {
            user = features.user(userId).orElse(UserFeatures.getDefaultInstance());
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "user features unavailable, serving as unknown user: {0}", e.toString());
            user = UserFeatures.getDefaultInstance();
            unavailable = true;
        }
        return new UserRead(recent.join().mergedInto(user), unavailable);
    }

    /**
     * The cached popular list for this user, without retrieval or ranking: what a feed is served when
     * the function has no capacity for the whole pipeline ({@code reason}, e.g. {@code overloaded}). It
     * still costs the user's read, so what the user watched or refused stays out of it.
     */
    public Feed popular(FeedRequest request, String reason) {
        UserRead read = readUser(request.userId());
        UserFeatures user = read.user();
        List<Candidate> candidates = admitted(request, popularFallback.get());
        for (PostProcessor p : postProcessors) candidates = p.apply(request, user, candidates, false);
        var items = FeedItem.byPosition(candidates, request.limit(), Reason.Rule.of(request, user));
        return new Feed(request.requestId(), request.userId(), retrievalVersion, true, reason, items)
                .withContext(ServedContext.of(request.context(), user));
    }

    public Feed assemble(FeedRequest request) {
        UserRead read = readUser(request.userId());
        UserFeatures user = read.user();
        String fallbackReason = read.unavailable() ? "user_features_unavailable" : null;
        // The ranker sees the region the feed is for: the request's, else the user's home region (the
        // sources already fall back that way on their own; the ranker was trained with it). Only the
        // ranker gets the copy: a request is the key its pinned retrieval version is found by
        // (VersionSwitch.of), so a sources' or MMR's lookup with a copy would find the version served
        // now, not the one this feed pinned, and mix two versions in one response during a rollout.
        RequestContext requested = request.context();
        FeedRequest forRanking = request.withContext(requested.orHomeRegion(user.getHomeRegion()));

        Retrieved retrieved = retrieveMerged(request, user);
        List<Candidate> candidates = retrieved.candidates();
        String version = retrieved.modelVersion() != null ? retrieved.modelVersion() : retrievalVersion;
        boolean ranked = false;
        if (candidates.isEmpty()) {
            candidates = admitted(request, popularFallback.get());
            version = retrievalVersion;
            fallbackReason = "no_candidates";
        } else if (ranker != null) {
            try {
                var ranking = ranker.rank(forRanking, user, candidates);
                candidates = ranking.candidates();
                version = ranking.modelVersion();
                ranked = true;
            } catch (Ranker.Timeout e) {
                LOG.log(Level.FINE, "ranking timed out, keeping retrieval order: {0}", e.getMessage());
                fallbackReason = "ranking_timeout";
            } catch (Ranker.CircuitOpen e) {
                // Not a WARNING per feed: the failures that opened the breaker were reported.
                LOG.log(Level.FINE, "ranking breaker open, keeping retrieval order: {0}", e.getMessage());
                fallbackReason = "ranking_circuit_open";
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "ranking failed, keeping retrieval order: {0}", e.toString());
                fallbackReason = "ranking_unavailable";
            }
        }
        for (PostProcessor p : postProcessors) {
            candidates = p.apply(request, user, candidates, ranked);
        }
        // After post-processing: diversity, the channel cap and exploration move candidates down, past ones scored lower.
        var reasons = Reason.Rule.of(request, user);
        var items = ranked ? FeedItem.ranked(candidates, request.limit(), reasons)
                : FeedItem.byPosition(candidates, request.limit(), reasons);
        return new Feed(request.requestId(), request.userId(), version, fallbackReason != null, fallbackReason, items)
                .withContext(ServedContext.of(requested, user));
    }

    /** Never fails: the adapter bounds the call by its timeout, and a failure reads as nothing recent. */
    private CompletableFuture<NegativeFeedback.Suppressed> recentSuppressions(String userId) {
        CompletableFuture<NegativeFeedback.Suppressed> read;
        try {
            read = negativeFeedback.suppressed(userId).toCompletableFuture();
        } catch (RuntimeException e) {
            read = CompletableFuture.failedFuture(e);
        }
        return read.exceptionally(e -> {
            // Under overload this read times out on many feeds at once: one WARNING per 30 s says so.
            boolean warn = recentWarning.open();
            LOG.log(warn ? Level.WARNING : Level.FINE, "recent not-interested unavailable, using the folded lists alone"
                    + (warn ? " (further failures logged at FINE for 30 s)" : "") + ": {0}", e.toString());
            return NegativeFeedback.Suppressed.NONE;
        });
    }

    /**
     * All sources in parallel, merged in source order (the sources made for the request's surface
     * first), de-duplicated, channel ids filled in, the request's filter applied. The merge order is
     * the feed's order whenever ranking is off or fails, so Up Next must not open with the Home
     * feed's candidates.
     */
    public List<Candidate> retrieve(FeedRequest request, UserFeatures user) {
        return retrieveMerged(request, user).candidates();
    }

    /**
     * The merged candidates, and the model version of the first version-bound source in merge order
     * that proposed any of them (null: none did, or the store knew none of its videos).
     */
    private record Retrieved(List<Candidate> candidates, String modelVersion) {}

    private Retrieved retrieveMerged(FeedRequest request, UserFeatures user) {
        List<SourceQuota> ordered = ledOrders.getOrDefault(request.surface(), sources);
        var futures = new ArrayList<CompletableFuture<List<Candidate>>>(ordered.size());
        for (SourceQuota sq : ordered) {
            futures.add(CompletableFuture.supplyAsync(() -> sq.source().retrieve(request, user, sq.quota()), executor)
                    .exceptionally(e -> {
                        LOG.log(Level.WARNING, "candidate source {0} failed: {1}", new Object[]{sq.source().name(), e.toString()});
                        return List.of();
                    }));
        }
        var merged = new LinkedHashMap<String, Candidate>();
        var proposed = new ArrayList<List<Candidate>>(futures.size());
        FeedFilter filter = request.filter();
        for (var f : futures) {
            List<Candidate> list = f.join();
            proposed.add(list);
            for (Candidate c : list) {
                if (!filter.excludes(c.videoId())) merged.merge(c.videoId(), c, Candidate::mergedWith);
            }
        }
        List<Candidate> candidates = withContent(filter, new ArrayList<>(merged.values()));
        return new Retrieved(candidates, versionOf(request, ordered, proposed, candidates));
    }

    /** The version of the first version-bound source whose candidates are among the kept ones; null: none. */
    private static String versionOf(FeedRequest request, List<SourceQuota> ordered, List<List<Candidate>> proposed,
                                    List<Candidate> kept) {
        Set<String> keptIds = null;
        for (int i = 0; i < ordered.size(); i++) {
            if (proposed.get(i).isEmpty()) continue;
            var version = ordered.get(i).source().modelVersion(request);
            if (version.isEmpty()) continue;
            if (keptIds == null) {
                keptIds = new HashSet<>();
                for (Candidate c : kept) keptIds.add(c.videoId());
            }
            for (Candidate c : proposed.get(i)) {
                if (keptIds.contains(c.videoId())) return version.get();
            }
        }
        return null;
    }

    /**
     * Sources may not know a video's channel; diversity and channel suppression need it. A
     * candidate the store does not know (trending counts can reach a video before its
     * video.published is stored) is left out: its channel might be one the user refused, and the
     * ranker has nothing to score it by. Only when the store cannot be read are candidates kept
     * as they are, since a feed never fails because a dependency did. Channel and content are
     * metadata: the read skips the counters ({@link FeatureStore#videoMetadata}).
     *
     * <p>A content constraint of the request widens this one read to every candidate (one round
     * trip either way) and drops those whose features do not match it; then an unreadable store
     * leaves nothing, since no candidate can be shown to match.
     */
    private List<Candidate> withContent(FeedFilter filter, List<Candidate> candidates) {
        boolean content = filter.constrainsContent();
        var wanted = candidates.stream().filter(c -> content || c.channelId() == null).map(Candidate::videoId).toList();
        if (wanted.isEmpty()) return candidates;
        Map<String, VideoFeatures> known;
        try {
            known = features.videoMetadata(wanted);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "video features unavailable, channels unknown" + (content ? ", content filter unmet" : "")
                    + ": {0}", e.toString());
            return content ? List.of() : candidates;
        }
        var out = new ArrayList<Candidate>(candidates.size());
        for (Candidate c : candidates) {
            VideoFeatures v = known.get(c.videoId());
            if (!filter.admitsContent(v)) continue;
            if (c.channelId() != null) {
                out.add(c);
                continue;
            }
            if (v == null) continue;
            out.add(v.getChannelId().isEmpty() ? c : c.withChannel(v.getChannelId()));
        }
        return out;
    }

    /**
     * The popular list as this request may see it. The list comes without the videos' content, so a
     * content constraint costs one read of its videos here, on this degraded path only.
     */
    private List<Candidate> admitted(FeedRequest request, List<Candidate> popular) {
        FeedFilter filter = request.filter();
        if (filter.isNone() || popular.isEmpty()) return popular;
        var kept = new ArrayList<Candidate>(popular.size());
        for (Candidate c : popular) if (!filter.excludes(c.videoId())) kept.add(c);
        if (!filter.constrainsContent() || kept.isEmpty()) return kept;
        Map<String, VideoFeatures> known;
        try {
            known = features.videoMetadata(kept.stream().map(Candidate::videoId).toList());
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "video features unavailable, the popular list cannot meet the content filter: {0}", e.toString());
            return List.of();
        }
        kept.removeIf(c -> !filter.admitsContent(known.get(c.videoId())));
        return kept;
    }
}
