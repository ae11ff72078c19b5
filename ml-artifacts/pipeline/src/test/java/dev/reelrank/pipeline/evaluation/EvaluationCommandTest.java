package dev.reelrank.pipeline.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reelrank.featurestore.RetrievalStoreConfig;
import dev.reelrank.model.Candidate;
import dev.reelrank.model.CandidateSource;
import dev.reelrank.model.FeatureStore;
import dev.reelrank.model.FeedRequest;
import dev.reelrank.model.RetrievalSignals;
import dev.reelrank.pipeline.world.BehaviourModel;
import dev.reelrank.pipeline.world.WorldConfig;
import dev.reelrank.pipeline.world.WorldGenerator;
import dev.reelrank.proto.v1.UserFeatures;
import dev.reelrank.retrieval.SourcePlan;
import dev.reelrank.vectorindex.lucene.HnswConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class EvaluationCommandTest {
    @Test
    void scoresEveryBaselineAndTheOracleOnAGeneratedWorld(@TempDir Path tmp) {
        new WorldGenerator(WorldConfig.of(2_000, 400, 60_000, 5), BehaviourModel.DEFAULTS, false).generate(tmp, "eval-test");
        var o = new EvaluationCommand.Options(tmp, "time", 0.2, 5, 42, 0.5, 0, tmp.resolve("out"), 2, true, 24, 50, 200, 20, 3);
        Report r = EvaluationCommand.evaluate(o, "test");
        assertTrue(r.usersScored() > 10, "users scored: " + r.usersScored());
        for (String stage : new String[]{"most-popular", "popular-in-region-1d", "item-knn", "feed(knn+region+popular->prior)", "oracle"}) {
            assertNotNull(r.lists().get(stage), stage);
        }
        // The oracle is the denominator of the oracle ratio: exactly 1 wherever it is defined.
        assertEquals(1.0, r.lists().get("oracle").atK().get(10).oracleRatio(), 1e-9);
        double popular = r.lists().get("most-popular").atK().get(20).oracleRatio();
        assertTrue(popular > 0 && popular < 1, "most-popular oracle ratio " + popular);
        // Recall can only grow with K.
        var knn = r.lists().get("item-knn").atK();
        assertTrue(knn.get(10).recall() <= knn.get(20).recall() && knn.get(20).recall() <= knn.get(500).recall());
        var prior = r.rankings().get("video-prior");
        assertTrue(prior.items() > 0 && prior.logLoss() != null && prior.auc() > 0.3 && prior.auc() < 1);
        assertTrue(r.markdown().contains("| most-popular | 10 |"));
        var stage = r.rankings().get("ranking-stage(heuristic-v0)");
        assertTrue(stage.items() == prior.items() && stage.auc() > 0.3 && stage.auc() < 1, "ranking stage row: " + stage);
    }

    /**
     * The sweep adds one row per λ × share for the assembled feed, each with NDCG@20, distinct
     * channels and category ILD in the top 20; λ 1 with no exploration is the feed without MMR's
     * embeddings (none here) or exploration, and the channel spread and cap still hold it to at most
     * three videos a channel. A tiny generated world; no stack.
     */
    @Test
    void theSweepScoresEachLambdaAndExploreShareOfTheAssembledFeed(@TempDir Path tmp) {
        new WorldGenerator(WorldConfig.of(400, 80, 6_000, 7), BehaviourModel.DEFAULTS, false).generate(tmp, "sweep-test");
        var o = new EvaluationCommand.Options(tmp, "time", 0.2, 5, 42, 0.5, 0, tmp.resolve("out"), 2, true, 24, 50, 200, 20, 3, null, null,
                null, new EvaluationCommand.Sweep(List.of(1.0, 0.5), List.of(0.0, 0.2)), 0);
        Report r = EvaluationCommand.evaluate(o, "test");
        String feed = "feed(knn+region+popular->prior)";
        var rows = List.of(feed, feed + "[mmr 1, explore 0]", feed + "[mmr 1, explore 0.2]", feed + "[mmr 0.5, explore 0]",
                feed + "[mmr 0.5, explore 0.2]");
        for (String row : rows) {
            var l = r.lists().get(row);
            assertNotNull(l, row + " in " + r.lists().keySet());
            assertTrue(l.atK().get(20).ndcg() >= 0 && l.atK().get(20).ndcg() <= 1, row);
            assertTrue(l.distinctChannels20() != null && l.distinctChannels20() > 0, row);
            assertTrue(l.categoryDiversity20() != null && l.categoryDiversity20() >= 0 && l.categoryDiversity20() <= 1, row);
            assertTrue(r.markdown().contains("| " + row + " |"), row);
        }
        assertTrue(r.stages().get(feed).contains("exploration 0.1 "), r.stages().get(feed));
        assertTrue(r.stages().get(feed + "[mmr 0.5, explore 0.2]").contains("lambda 0.5 "), r.stages().get(feed + "[mmr 0.5, explore 0.2]"));
        var flags = CommandLine.populateCommand(new EvaluationCommand(), "--dataset", "d", "--sweep-mmr-lambda", "1,0.8", "--sweep-explore-share", "0");
        assertEquals(List.of(1.0, 0.8), flags.sweepLambdas);
        assertEquals(List.of(0.0), flags.sweepExploreShares);
    }

    /** --limit 20 asks every stage for a page of 20, as a client asks for a Home page: K above it is not reported. */
    @Test
    void aLimitAsksForThatPageAndReportsNoLargerK(@TempDir Path tmp) {
        new WorldGenerator(WorldConfig.of(400, 80, 6_000, 7), BehaviourModel.DEFAULTS, false).generate(tmp, "page-test");
        var o = new EvaluationCommand.Options(tmp, "time", 0.2, 5, 42, 0.5, 0, tmp.resolve("out"), 2, true, 24, 50, 200, 20, 3, null, null,
                null, null, 20);
        Report r = EvaluationCommand.evaluate(o, "test");
        var knn = r.lists().get("item-knn").atK();
        assertEquals(List.of(10, 20), List.copyOf(knn.keySet()));
        var whole = EvaluationCommand.evaluate(new EvaluationCommand.Options(tmp, "time", 0.2, 5, 42, 0.5, 0, tmp.resolve("out2"), 2, true,
                24, 50, 200, 20, 3), "test");
        // A source's first 20 do not depend on how many more were asked for.
        assertEquals(whole.lists().get("item-knn").atK().get(20).recall(), knn.get(20).recall(), 1e-12);
        assertEquals(500, whole.lists().get("item-knn").atK().keySet().stream().mapToInt(Integer::intValue).max().orElseThrow());
    }

    @Test
    void learnedStagesDefaultToTheFunctionsSourcePlanAndEachFlagOverridesOneField() {
        var none = EvaluationCommand.Learned.of(Path.of("m"), CommandLine.populateCommand(new EvaluationCommand.LearnedFlags()));
        assertEquals(SourcePlan.DEFAULTS, none.plan());
        var signals = RetrievalStoreConfig.defaults();
        assertEquals(signals.trendingWindow().toHours(), none.trendingWindowHours());
        assertEquals(signals.channelUploadsKept(), none.channelUploadsKept());
        assertEquals(signals.freshKept(), none.freshKept());
        assertEquals(HnswConfig.DEFAULT.efSearch(), none.efSearch());
        assertEquals(HnswConfig.DEFAULT.maxConn(), none.maxConn());
        assertEquals(HnswConfig.DEFAULT.beamWidth(), none.beamWidth());
        assertEquals(HnswConfig.DEFAULT.exactScanMaxVectors(), none.exactScanMaxVectors());
        assertEquals(List.of(dev.reelrank.model.RankingDepth.DEFAULT_PER_ITEM), none.rankingDepthsPerItem());
        assertEquals(List.of(-1, 2), EvaluationCommand.Learned.of(Path.of("m"), CommandLine.populateCommand(new EvaluationCommand.LearnedFlags(),
                "--ranking-depth-per-item", "-1,2")).rankingDepthsPerItem());
        assertEquals(0, EvaluationCommand.Learned.of(Path.of("m"), CommandLine.populateCommand(new EvaluationCommand.LearnedFlags(),
                "--ann-exact-scan-max-vectors", "0")).exactScanMaxVectors());

        var some = EvaluationCommand.Learned.of(Path.of("m"), CommandLine.populateCommand(new EvaluationCommand.LearnedFlags(),
                "--quota-ann", "7", "--quota-fresh", "0", "--quota-popular", "9", "--overfetch-cap", "3", "--subscriptions-per-channel", "2"));
        var d = SourcePlan.DEFAULTS;
        assertEquals(new SourcePlan(d.ann().withQuota(7), d.upNext(), d.subscriptions(), d.trending(), d.fresh().withQuota(0), 9, 3,
                d.subscriptionsMaxChannels(), 2, d.upNextSeedWeight(), d.freshMatching()), some.plan());
    }

    @Test
    void theMergedStageIsDescribedByTheSourcesItRuns() {
        SourcePlan.VersionBinding named = (name, build) -> new CandidateSource() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public List<Candidate> retrieve(FeedRequest request, UserFeatures user, int quota) {
                return List.of();
            }
        };
        var signals = new RetrievalSignals() {
            public List<dev.reelrank.model.Popularity.ScoredVideo> trending(String region, int n) {
                return List.of();
            }

            public List<Upload> channelUploads(java.util.Collection<String> channelIds, int perChannel) {
                return List.of();
            }

            public List<Upload> fresh(FreshScope scope, String value, int n) {
                return List.of();
            }
        };
        var features = new FeatureStore() {
            public Optional<UserFeatures> user(String userId) {
                return Optional.empty();
            }

            public Map<String, dev.reelrank.proto.v1.VideoFeatures> videos(java.util.Collection<String> ids) {
                return Map.of();
            }
        };
        var sources = SourcePlan.DEFAULTS.sources(new SourcePlan.Inputs(named, signals, features, (scope, n) -> List.of()));
        assertEquals("ann 450, subscriptions 100, trending (6 h window, region) 100, fresh 100, popular 500",
                EvaluationCommand.homeOrder(sources, 6));
    }
}
