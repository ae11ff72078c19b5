package dev.reelrank.pipeline.evaluation;

import dev.reelrank.model.Candidate;
import dev.reelrank.model.CandidateSource;
import dev.reelrank.model.FeedAssembler;
import dev.reelrank.model.FeedItem;
import dev.reelrank.model.FeedRequest;
import dev.reelrank.model.SeenFilter;
import dev.reelrank.proto.v1.UserFeatures;
import java.util.List;
import java.util.function.BiFunction;

/**
 * Anything that answers a request with a ranked list of videos, seen through the product's own
 * interfaces: a {@link CandidateSource} (followed by the product's {@link SeenFilter}, so what the
 * user already watched does not crowd the list) or a whole {@link FeedAssembler}.
 */
public interface ListStage {
    String name();

    /** Up to {@code request.limit()} video ids, best first. */
    List<String> recommend(FeedRequest request, UserFeatures user);

    static ListStage of(CandidateSource source) {
        return of(source.name(), source);
    }

    static ListStage of(String name, CandidateSource source) {
        var seen = new SeenFilter();
        return named(name, (request, user) -> {
            // Ask for enough that the list is still full after removing what the user has seen.
            int quota = request.limit() + user.getWatchedVideoIdsCount() + user.getNotInterestedVideoIdsCount();
            return ids(seen.apply(request, user, source.retrieve(request, user, quota)), request.limit());
        });
    }

    static ListStage of(String name, FeedAssembler assembler) {
        return named(name, (request, user) -> assembler.assemble(request).items().stream().map(FeedItem::videoId).toList());
    }

    /** The merged candidates of a feed's retrieval ({@link FeedAssembler#retrieve}) before any ranking, through the {@link SeenFilter}. */
    static ListStage ofRetrieval(String name, FeedAssembler assembler) {
        var seen = new SeenFilter();
        return named(name, (request, user) -> ids(seen.apply(request, user, assembler.retrieve(request, user)), request.limit()));
    }

    static ListStage named(String name, BiFunction<FeedRequest, UserFeatures, List<String>> recommend) {
        record Named(String name, BiFunction<FeedRequest, UserFeatures, List<String>> fn) implements ListStage {
            @Override
            public List<String> recommend(FeedRequest request, UserFeatures user) {
                return fn.apply(request, user);
            }
        }
        return new Named(name, recommend);
    }

    private static List<String> ids(List<Candidate> candidates, int limit) {
        return candidates.stream().limit(limit).map(Candidate::videoId).toList();
    }
}
