package dev.reelrank.retrieval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.reelrank.model.Candidate;
import dev.reelrank.model.FeedRequest;
import dev.reelrank.model.PopularSource;
import dev.reelrank.model.Reason;
import dev.reelrank.model.RequestContext;
import dev.reelrank.proto.v1.UserFeatures;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** shared-model's {@link Reason} knows the sources by name; these are the names they have here. */
class SourceReasonsTest {
    @Test
    void everySourceOfThePlanHasItsOwnReason() {
        var request = FeedRequest.upNext("r", "u", "seed", 10, new RequestContext(null, "BR", null));
        var rule = Reason.Rule.of(request, UserFeatures.newBuilder().addWatchedVideoIds("w").build());
        var expected = new LinkedHashMap<String, Reason>();
        expected.put(AnnSource.NAME, new Reason(Reason.BECAUSE_YOU_WATCHED, "w"));
        expected.put(UpNextSource.NAME, new Reason(Reason.BECAUSE_YOU_WATCHED, "seed"));
        expected.put(SubscriptionSource.NAME, new Reason(Reason.NEW_FROM_SUBSCRIPTION, null));
        expected.put(TrendingSource.NAME, new Reason(Reason.POPULAR_IN_REGION, null));
        expected.put(FreshContentSource.NAME, new Reason(Reason.FRESH, null));
        expected.put(PopularSource.NAME, new Reason(Reason.TRENDING, null));
        for (Map.Entry<String, Reason> e : expected.entrySet()) {
            assertEquals(e.getValue(), rule.of(Candidate.of("x", null, 1, e.getKey())), e.getKey());
        }
    }
}
