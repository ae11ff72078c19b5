package dev.reelrank.functions.feedassembly;

import dev.reelrank.model.BucketAssignment;
import dev.reelrank.model.FeedAssembler;
import dev.reelrank.model.PostProcessor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The served pipelines, one per experiment bucket, and the assignment that sends each user to one.
 * Routing is by user id alone, so a user sees one bucket's feeds on every surface and every replica;
 * signed-out Up Next viewers share {@code reelrank.feed.anonymous-user-id} and with it one bucket.
 */
final class Experiment {
    /** One bucket's pipeline, and the post-processing its emergency fallback applies. */
    record Route(String bucket, FeedAssembler assembler, List<PostProcessor> postProcessors) {
        Route {
            Objects.requireNonNull(bucket, "bucket");
            Objects.requireNonNull(assembler, "assembler");
            postProcessors = List.copyOf(postProcessors);
        }
    }

    private final BucketAssignment assignment;
    private final Map<String, Route> routes = new LinkedHashMap<>();

    Experiment(BucketAssignment assignment, List<Route> routes) {
        this.assignment = assignment;
        for (Route r : routes) this.routes.put(r.bucket(), r);
        for (String name : assignment.names()) {
            if (!this.routes.containsKey(name)) throw new IllegalArgumentException("bucket " + name + " has no pipeline");
        }
    }

    /** Everyone on one pipeline, in {@link BucketAssignment#CONTROL}. */
    static Experiment single(FeedAssembler assembler, List<PostProcessor> postProcessors) {
        return new Experiment(BucketAssignment.single(), List.of(new Route(BucketAssignment.CONTROL, assembler, postProcessors)));
    }

    Route route(String userId) {
        return routes.get(assignment.bucketOf(userId));
    }

    Map<String, Route> routes() {
        return Map.copyOf(routes);
    }
}
