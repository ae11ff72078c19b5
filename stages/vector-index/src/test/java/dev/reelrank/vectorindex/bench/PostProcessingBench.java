package dev.reelrank.vectorindex.bench;

import dev.reelrank.model.Candidate;
import dev.reelrank.model.FeatureStore;
import dev.reelrank.model.FeedRequest;
import dev.reelrank.model.MaximalMarginalRelevance;
import dev.reelrank.model.PostProcessing;
import dev.reelrank.model.PostProcessor;
import dev.reelrank.model.VectorIndex;
import dev.reelrank.proto.v1.UserFeatures;
import dev.reelrank.proto.v1.VideoFeatures;
import dev.reelrank.vectorindex.lucene.EmbeddedHnswIndex;
import dev.reelrank.vectorindex.lucene.HnswConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * What feed-assembly's post-processing costs per feed on the CPU: the steps before this issue
 * (seen filter + channel cap) against the shipped ones (+ MMR with its vector read from an
 * {@link EmbeddedHnswIndex}, + exploration), on ranked lists of {@code --candidates} over an index
 * of {@code --vectors} 64-dim vectors, one thread. Exploration reads counters from an in-memory
 * store here: in the function they come from the feature store (its local cache, else one Redis
 * MGET of up to explore-pool videos), which this harness does not measure.
 *
 * <pre>scripts/bench post [--vectors 100000] [--candidates 1000] [--limit 20] [--feeds 5000]</pre>
 */
public final class PostProcessingBench {
    public static void main(String[] args) throws Exception {
        int vectors = 100_000, candidates = 1_000, limit = 20, feeds = 5_000, dim = 64;
        for (int i = 0; i < args.length; i += 2) {
            int v = Integer.parseInt(args[i + 1]);
            switch (args[i]) {
                case "--vectors" -> vectors = v;
                case "--candidates" -> candidates = v;
                case "--limit" -> limit = v;
                case "--feeds" -> feeds = v;
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        var rng = new SplittableRandom(1);
        Path dir = BenchFiles.emptyDir(Path.of("var/bench/post-index"));
        var counters = new HashMap<String, VideoFeatures>();
        try (var index = new EmbeddedHnswIndex(dir, HnswConfig.DEFAULT.withRefreshInterval(Duration.ZERO).withIndexThreads(2))) {
            var entries = new ArrayList<VectorIndex.Entry>(vectors);
            for (int i = 0; i < vectors; i++) {
                float[] v = new float[dim];
                for (int d = 0; d < dim; d++) v[d] = (float) rng.nextGaussian();
                entries.add(new VectorIndex.Entry("v" + i, v, null));
                long imp = rng.nextInt(4) == 0 ? rng.nextInt(100) : 100 + rng.nextInt(100_000);
                counters.put("v" + i, VideoFeatures.newBuilder().setImpressions(imp).setClicks(imp / 10).build());
            }
            index.bulkLoad(entries.iterator(), vectors, Map.of(), System.err);
            FeatureStore store = new FeatureStore() {
                @Override
                public Optional<UserFeatures> user(String userId) {
                    return Optional.empty();
                }

                @Override
                public Map<String, VideoFeatures> videos(Collection<String> ids) {
                    var out = new HashMap<String, VideoFeatures>();
                    for (String id : ids) {
                        var f = counters.get(id);
                        if (f != null) out.put(id, f);
                    }
                    return out;
                }
            };
            var embeddings = MaximalMarginalRelevance.Embeddings.of(index);
            var shipped = PostProcessing.DEFAULTS;
            var before = shipped.withMmrLambda(1).withExploreShare(0);
            var variants = new java.util.LinkedHashMap<String, List<PostProcessor>>();
            variants.put("seen + cap (before)", List.of(new dev.reelrank.model.SeenFilter(), new dev.reelrank.model.ChannelDiversityCap(3)));
            variants.put("+ channel spread (lambda 1)", before.steps(embeddings, store));
            variants.put("+ MMR lambda 0.8 incl. vector read", shipped.withExploreShare(0).steps(embeddings, store));
            variants.put("+ exploration 10 % (shipped)", shipped.steps(embeddings, store));
            var lists = new ArrayList<List<Candidate>>();
            for (int f = 0; f < 200; f++) {
                var list = new ArrayList<Candidate>(candidates);
                for (int i = 0; i < candidates; i++)
                    list.add(Candidate.of("v" + rng.nextInt(vectors), "c" + rng.nextInt(300), 1.0 - i / (double) candidates, i % 10 == 0 ? "fresh" : "ann"));
                lists.add(List.copyOf(new java.util.LinkedHashMap<String, Candidate>() {{
                    for (Candidate c : list) putIfAbsent(c.videoId(), c);
                }}.values()));
            }
            var user = UserFeatures.getDefaultInstance();
            System.out.printf("%,d vectors of %d dims, %,d candidates, limit %d, %,d feeds per row, load %s%n%n", vectors, dim, candidates, limit,
                    feeds, BenchFiles.loadAverage());
            System.out.println("| steps | mean µs | p50 µs | p99 µs |");
            System.out.println("| --- | ---: | ---: | ---: |");
            for (int round = 0; round < 2; round++) { // the first round warms the JIT and is not printed
                for (var v : variants.entrySet()) {
                    long[] took = new long[feeds];
                    for (int f = 0; f < feeds; f++) {
                        var request = FeedRequest.home("req-" + f, "u", limit, null);
                        List<Candidate> list = lists.get(f % lists.size());
                        long t0 = System.nanoTime();
                        for (PostProcessor p : v.getValue()) list = p.apply(request, user, list, true);
                        took[f] = System.nanoTime() - t0;
                        if (list.isEmpty()) throw new AssertionError();
                    }
                    if (round == 0) continue;
                    Arrays.sort(took);
                    System.out.printf("| %s | %.0f | %.0f | %.0f |%n", v.getKey(), Arrays.stream(took).average().orElse(0) / 1e3,
                            took[feeds / 2] / 1e3, took[(int) (feeds * 0.99)] / 1e3);
                }
            }
        }
    }
}
