package dev.reelrank.functions.feedassembly;

import dev.reelrank.model.Candidate;
import dev.reelrank.model.Feed;
import dev.reelrank.model.FeedAssembler;
import dev.reelrank.model.FeedItem;
import dev.reelrank.model.FeedRequest;
import dev.reelrank.model.PostProcessor;
import dev.reelrank.proto.v1.UserFeatures;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Serves one feed request. The assembler already degrades on dependency failures; this layer
 * adds the last guard: a bug or an unexpected exception anywhere in the pipeline still gets
 * the cached popular list (flagged as a fallback) instead of a 500.
 */
@Singleton
public class FeedService {
    static final String INTERNAL_ERROR = "internal_error";
    private static final Logger LOG = Logger.getLogger(FeedService.class);

    private final FeedAssembler assembler;
    private final Supplier<List<Candidate>> popular;
    private final List<PostProcessor> postProcessors;
    private final String retrievalVersion;

    @Inject
    FeedService(FeedAssembler assembler, PopularFallback popular, List<PostProcessor> postProcessors, FeedConfig config) {
        this(assembler, popular, postProcessors, config.retrievalVersion());
    }

    FeedService(FeedAssembler assembler, Supplier<List<Candidate>> popular, List<PostProcessor> postProcessors,
                String retrievalVersion) {
        this.assembler = assembler;
        this.popular = popular;
        this.postProcessors = List.copyOf(postProcessors);
        this.retrievalVersion = retrievalVersion;
    }

    public Feed serve(FeedRequest request) {
        long started = System.nanoTime();
        Feed feed;
        try {
            feed = assembler.assemble(request);
        } catch (RuntimeException e) {
            LOG.errorf(e, "feed pipeline failed for request %s, serving the popular fallback", request.requestId());
            feed = emergencyFeed(request);
        }
        if (LOG.isDebugEnabled()) {
            LOG.debugf("feed requestId=%s surface=%s userId=%s limit=%d items=%d modelVersion=%s fallback=%s reason=%s tookMs=%.1f",
                    request.requestId(), request.surface(), request.userId(), request.limit(), feed.items().size(),
                    feed.modelVersion(), feed.fallback(), feed.fallbackReason(), (System.nanoTime() - started) / 1e6);
        }
        return feed;
    }

    /** The cached list, still filtered and diversified (without the user's features: they may be what failed). */
    Feed emergencyFeed(FeedRequest request) {
        List<Candidate> candidates = popular.get();
        try {
            for (PostProcessor p : postProcessors) candidates = p.apply(request, UserFeatures.getDefaultInstance(), candidates);
        } catch (RuntimeException e) {
            LOG.warnf("post-processing of the fallback failed, serving it unprocessed: %s", e.toString());
        }
        var items = candidates.stream().limit(request.limit()).map(FeedItem::of).toList();
        return new Feed(request.requestId(), request.userId(), retrievalVersion, true, INTERNAL_ERROR, items);
    }
}
