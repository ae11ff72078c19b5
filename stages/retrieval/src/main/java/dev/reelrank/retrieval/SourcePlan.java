package dev.reelrank.retrieval;

import dev.reelrank.model.CandidateSource;
import dev.reelrank.model.FeatureStore;
import dev.reelrank.model.FeedAssembler;
import dev.reelrank.model.PopularSource;
import dev.reelrank.model.Popularity;
import dev.reelrank.model.RetrievalSignals;
import dev.reelrank.model.VectorIndex;
import dev.reelrank.proto.v1.Surface;
import dev.reelrank.retrievalmodel.TwoTowerModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * The Home / Up Next candidate sources: which run, how many candidates each may give, and their
 * tunables. One plan, one factory ({@link #sources}): feed-assembly builds its feed from it
 * (properties {@code reelrank.sources.*} and {@code reelrank.feed.popular-quota}) and the offline
 * evaluator its {@code merged} stage, so an evaluated feed is the served feed by construction.
 *
 * @param ann                      personalized nearest neighbours of the user's embedding
 * @param upNext                   neighbours of the video being watched; answers Up Next requests only
 * @param subscriptions            newest uploads of subscribed channels
 * @param trending                 what is trending in the request's region
 * @param fresh                    new uploads matched on content
 * @param popularQuota             candidates of the global popularity source, the filler merged last (0 or less: none)
 * @param overfetchCap             extra results ann, up_next and trending ask for to make up for the
 *                                 watched / not-interested videos they drop
 * @param subscriptionsMaxChannels the most recently subscribed channels read per request
 * @param subscriptionsPerChannel  newest uploads read per subscribed channel
 * @param upNextSeedWeight         w of the Up Next query {@code normalize(w · watched video + (1 − w) · user)}
 * @param freshMatching            how fresh uploads are matched and scored
 * @param coldStart                the ann, trending and fresh quotas of a user without history ({@link ColdStart})
 */
public record SourcePlan(Source ann, Source upNext, Source subscriptions, Source trending, Source fresh, int popularQuota,
                         int overfetchCap, int subscriptionsMaxChannels, int subscriptionsPerChannel, double upNextSeedWeight,
                         FreshContentSource.Config freshMatching, ColdStart coldStart) {

    /** Today's defaults: feed-assembly's application.properties must map to exactly these (tested there). */
    public static final SourcePlan DEFAULTS = new SourcePlan(Source.on(450), Source.on(200), Source.on(100), Source.on(100),
            Source.on(100), 500, 100, 50, 5, 0.7, FreshContentSource.Config.DEFAULTS, ColdStart.DEFAULTS);

    /** With the default cold-start quotas. */
    public SourcePlan(Source ann, Source upNext, Source subscriptions, Source trending, Source fresh, int popularQuota,
                      int overfetchCap, int subscriptionsMaxChannels, int subscriptionsPerChannel, double upNextSeedWeight,
                      FreshContentSource.Config freshMatching) {
        this(ann, upNext, subscriptions, trending, fresh, popularQuota, overfetchCap, subscriptionsMaxChannels,
                subscriptionsPerChannel, upNextSeedWeight, freshMatching, ColdStart.DEFAULTS);
    }

    public SourcePlan {
        Objects.requireNonNull(ann, "ann");
        Objects.requireNonNull(upNext, "upNext");
        Objects.requireNonNull(subscriptions, "subscriptions");
        Objects.requireNonNull(trending, "trending");
        Objects.requireNonNull(fresh, "fresh");
        Objects.requireNonNull(freshMatching, "freshMatching");
        Objects.requireNonNull(coldStart, "coldStart");
    }

    public SourcePlan withColdStart(ColdStart coldStart) {
        return new SourcePlan(ann, upNext, subscriptions, trending, fresh, popularQuota, overfetchCap, subscriptionsMaxChannels,
                subscriptionsPerChannel, upNextSeedWeight, freshMatching, coldStart);
    }

    /** One source's switch and the most candidates it may contribute per request. */
    public record Source(boolean enabled, int quota) {
        public static Source on(int quota) {
            return new Source(true, quota);
        }

        /** Runs: enabled and with something to give. */
        public boolean runs() {
            return enabled && quota > 0;
        }

        public Source withQuota(int quota) {
            return new Source(enabled, quota);
        }
    }

    /**
     * What the sources of one retrieval model version search with: its index, the user embeddings
     * of that version, and the seeds of Up Next. Never mixed with another version's parts.
     */
    public record VersionInputs(VectorIndex index, UserEmbeddings users, SeedVectors seeds) {
        public VersionInputs {
            Objects.requireNonNull(index, "index");
            Objects.requireNonNull(users, "users");
            Objects.requireNonNull(seeds, "seeds");
        }

        /**
         * A version's inputs: stored embeddings of {@code version}, else the model's user tower; Up Next
         * seeds from the model's video tower (it works for videos no index holds yet), else the vector
         * the index holds. The second matters for a video published a moment ago: a feature read that
         * found it unknown is not repeated for a while (the feature store's local cache keeps the
         * absence for {@code local-video-fresh-for}), but its vector reaches the index within that time.
         *
         * @param model the two-tower model of {@code version}, or null (stored user embeddings only, seeds from the index)
         */
        public static VersionInputs of(String version, VectorIndex index, TwoTowerModel model, FeatureStore features) {
            var m = Optional.ofNullable(model);
            SeedVectors indexed = index == null ? id -> Optional.empty() : id -> Optional.ofNullable(index.vectors(List.of(id)).get(id));
            SeedVectors seeds = m.<SeedVectors>map(t -> SeedVectors.firstOf(List.of(new ModelSeedVectors(features, TwoTowerTowers.video(t), version), indexed)))
                    .orElse(indexed);
            return new VersionInputs(index, new UserEmbeddings(version, m.map(TwoTowerTowers::user).orElse(null)), seeds);
        }
    }

    /**
     * How the version-bound sources (ann, up_next) reach a model version: the function binds each to
     * the version its request pinned (rollouts switch versions at run time), the evaluator to one.
     */
    @FunctionalInterface
    public interface VersionBinding {
        /** A source called {@code name} whose instance for a version is {@code build} of that version's inputs. */
        CandidateSource bind(String name, Function<VersionInputs, CandidateSource> build);

        /** Always the same version. */
        static VersionBinding fixed(VersionInputs inputs) {
            Objects.requireNonNull(inputs, "inputs");
            return (name, build) -> build.apply(inputs);
        }
    }

    /** Everything the sources are built from besides the plan. */
    public record Inputs(VersionBinding versions, RetrievalSignals signals, FeatureStore features, Popularity popularity) {
        public Inputs {
            Objects.requireNonNull(versions, "versions");
            Objects.requireNonNull(signals, "signals");
            Objects.requireNonNull(features, "features");
            Objects.requireNonNull(popularity, "popularity");
        }
    }

    /**
     * The sources that run, with their quotas, in merge order: a video proposed by several keeps the
     * first one as its {@code source}. Personal sources first, popularity last: ann, up_next,
     * subscriptions, trending, fresh, popular; for a cold user ({@link ColdStart}) ann, trending and fresh
     * ask for the cold quotas, so with ann at 0 trending in the region leads. up_next leads on {@link Surface#up_next} (the video
     * being watched anchors the list; {@link FeedAssembler} puts it first there) and gives nothing on Home.
     */
    public List<FeedAssembler.SourceQuota> sources(Inputs in) {
        var out = new ArrayList<FeedAssembler.SourceQuota>();
        if (runs(ann, coldStart.ann())) {
            out.add(new FeedAssembler.SourceQuota(cold(in.versions().bind(AnnSource.NAME,
                    v -> new AnnSource(v.index(), v.users(), overfetchCap)), coldStart.ann()), ann.quota()));
        }
        if (upNext.runs()) {
            out.add(new FeedAssembler.SourceQuota(in.versions().bind(UpNextSource.NAME,
                    v -> new UpNextSource(v.index(), v.seeds(), v.users(), upNextSeedWeight, overfetchCap)), upNext.quota(), Surface.up_next));
        }
        if (subscriptions.runs()) {
            out.add(new FeedAssembler.SourceQuota(new SubscriptionSource(in.signals(), subscriptionsMaxChannels, subscriptionsPerChannel),
                    subscriptions.quota()));
        }
        if (runs(trending, coldStart.trending())) {
            out.add(new FeedAssembler.SourceQuota(cold(new TrendingSource(in.signals(), overfetchCap), coldStart.trending()), trending.quota()));
        }
        if (runs(fresh, coldStart.fresh())) {
            out.add(new FeedAssembler.SourceQuota(cold(new FreshContentSource(in.signals(), in.features(), freshMatching), coldStart.fresh()),
                    fresh.quota()));
        }
        if (popularQuota > 0) out.add(new FeedAssembler.SourceQuota(new PopularSource(in.popularity()), popularQuota));
        return out;
    }

    /** A source switched off stays off for cold users; one with a warm quota of 0 may still serve them. */
    private boolean runs(Source source, int coldQuota) {
        return source.runs() || (coldStart.enabled() && source.enabled() && coldQuota > 0);
    }

    private CandidateSource cold(CandidateSource source, int coldQuota) {
        return coldStart.enabled() ? ColdStart.shifted(source, coldQuota) : source;
    }
}
