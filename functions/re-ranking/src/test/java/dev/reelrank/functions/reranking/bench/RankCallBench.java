package dev.reelrank.functions.reranking.bench;

import dev.reelrank.proto.v1.RankCandidate;
import dev.reelrank.proto.v1.RankContext;
import dev.reelrank.proto.v1.RankRequest;
import dev.reelrank.proto.v1.RankingServiceGrpc;
import dev.reelrank.proto.v1.Surface;
import io.grpc.ManagedChannelBuilder;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * The whole {@code Rank} call as feed-assembly makes it, against a running re-ranking: gRPC, the
 * batch feature read (warm Redis) and the served model. One caller, back to back, so the numbers are
 * the call's own cost, not queueing. Candidate ids are drawn as {@code <prefix><n>} from a data set's
 * id space (the generated worlds name videos v0, v1, ...), users likewise.
 *
 * <pre>
 *   mvn -B -q test-compile -pl functions/re-ranking     # once
 *   java -cp "functions/re-ranking/target/quarkus-app/lib/main/*:functions/re-ranking/target/test-classes:$HOME/.m2/repository/org/hdrhistogram/HdrHistogram/2.2.2/HdrHistogram-2.2.2.jar" \
 *     dev.reelrank.functions.reranking.bench.RankCallBench [calls 4000] [candidates 500] [videos 5000] [users 20000] [host:port 127.0.0.1:8083]
 * </pre>
 */
public final class RankCallBench {
    private RankCallBench() {}

    public static void main(String[] args) throws Exception {
        int calls = arg(args, 0, 4000), candidates = arg(args, 1, 500), videos = arg(args, 2, 5000), users = arg(args, 3, 20000);
        String target = args.length > 4 ? args[4] : "127.0.0.1:8083";
        var channel = ManagedChannelBuilder.forTarget(target).usePlaintext().build();
        var stub = RankingServiceGrpc.newBlockingStub(channel);
        var random = new SplittableRandom(42);
        var histogram = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);
        String version = "";
        int warmUp = Math.min(500, calls / 4);
        for (int i = -warmUp; i < calls; i++) {
            var b = RankRequest.newBuilder().setRequestId("rank-bench-" + i).setUserId("u" + random.nextInt(users))
                    .setContext(RankContext.newBuilder().setSurface(Surface.home).setDevice("web").setRegion("US"));
            int from = random.nextInt(videos);
            for (int c = 0; c < candidates; c++) b.addCandidates(RankCandidate.newBuilder().setVideoId("v" + (from + c) % videos).addSources("ann"));
            var request = b.build();
            long started = System.nanoTime();
            version = stub.withDeadlineAfter(10, TimeUnit.SECONDS).rank(request).getModelVersion();
            if (i >= 0) histogram.recordValue(System.nanoTime() - started);
        }
        System.out.printf("| %s | %d | %,d | %.2f | %.2f | %.2f | %.2f | %.2f |%n", version, candidates, calls,
                ms(histogram, 50), ms(histogram, 90), ms(histogram, 99), ms(histogram, 99.9), histogram.getMaxValue() / 1e6);
        channel.shutdownNow();
    }

    private static double ms(Histogram h, double percentile) {
        return h.getValueAtPercentile(percentile) / 1e6;
    }

    private static int arg(String[] args, int i, int fallback) {
        return args.length > i ? Integer.parseInt(args[i]) : fallback;
    }
}
