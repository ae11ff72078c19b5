package dev.reelrank.vectorindex.bench;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Command-line options of {@link AnnBench}; every default is printed with the results. */
record BenchOptions(
        int vectors, int queries, int dim, int clusters, float spread, double exponent, long seed,
        int top, int recallAt, int warmup, int m, int beam, List<Integer> luceneEf, List<Integer> jvectorEf,
        List<String> libs, int threads, Path dir) {

    static final String USAGE = """
            usage: scripts/bench ann [options]
              --vectors N        vectors in the index (200000)
              --queries N        measured queries, one query thread (1000)
              --dim N            dimension (64)
              --clusters N       power-law clusters of the synthetic embeddings (2000)
              --spread F         noise norm around each unit centroid (0.5)
              --exponent F       power-law exponent of the cluster sizes (1.0)
              --seed N           seed of data and queries (42)
              --top N            neighbours returned per query (500)
              --recall-at N      recall@N against the exact top-N (100)
              --warmup N         unmeasured queries before each measurement (200)
              --m N              HNSW max connections, both libraries (32)
              --beam N           construction beam width, both libraries (100)
              --ef LIST          Lucene search beams to sweep, e.g. 500,1000 (1000)
              --jvector-ef LIST  jvector search beams to sweep (1000,2000)
              --libs LIST        lucene,jvector (both)
              --threads N        build threads (2)
              --dir PATH         working directory for the indexes (var/bench)
            """;

    static BenchOptions parse(String[] args) {
        Map<String, String> o = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("-h") || a.equals("--help")) throw new IllegalArgumentException("");
            if (!a.startsWith("--") || i + 1 >= args.length) throw new IllegalArgumentException("unexpected argument: " + a);
            o.put(a.substring(2), args[++i]);
        }
        var known = List.of("vectors", "queries", "dim", "clusters", "spread", "exponent", "seed", "top", "recall-at",
                "warmup", "m", "beam", "ef", "jvector-ef", "libs", "threads", "dir");
        for (String k : o.keySet()) if (!known.contains(k)) throw new IllegalArgumentException("unknown option --" + k);
        var b = new BenchOptions(
                integer(o, "vectors", 200_000), integer(o, "queries", 1000), integer(o, "dim", 64),
                integer(o, "clusters", 2000), Float.parseFloat(o.getOrDefault("spread", "0.5")),
                Double.parseDouble(o.getOrDefault("exponent", "1.0")), Long.parseLong(o.getOrDefault("seed", "42")),
                integer(o, "top", 500), integer(o, "recall-at", 100), integer(o, "warmup", 200),
                integer(o, "m", 32), integer(o, "beam", 100), ints(o.getOrDefault("ef", "1000")),
                ints(o.getOrDefault("jvector-ef", "1000,2000")),
                Arrays.stream(o.getOrDefault("libs", "lucene,jvector").split(",")).map(String::trim).toList(),
                integer(o, "threads", 2), Path.of(o.getOrDefault("dir", "var/bench")));
        if (b.recallAt > b.top) throw new IllegalArgumentException("--recall-at must be <= --top");
        for (String lib : b.libs) if (!lib.equals("lucene") && !lib.equals("jvector")) throw new IllegalArgumentException("unknown library " + lib);
        return b;
    }

    private static int integer(Map<String, String> o, String k, int def) {
        String v = o.get(k);
        if (v == null) return def;
        int x = Integer.parseInt(v.replace("_", ""));
        if (x <= 0) throw new IllegalArgumentException("--" + k + " must be > 0");
        return x;
    }

    private static List<Integer> ints(String csv) {
        return Arrays.stream(csv.split(",")).map(String::trim).map(Integer::parseInt).toList();
    }
}
