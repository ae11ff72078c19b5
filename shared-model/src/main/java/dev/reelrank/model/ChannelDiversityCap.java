package dev.reelrank.model;

import dev.reelrank.proto.v1.UserFeatures;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;

/**
 * At most {@code maxPerChannel} videos of one channel in a feed. Over-quota videos are not
 * dropped but moved behind all the others (in their order), so a short catalogue still fills
 * the page.
 */
public record ChannelDiversityCap(int maxPerChannel) implements PostProcessor {
    public ChannelDiversityCap {
        if (maxPerChannel < 1) throw new IllegalArgumentException("maxPerChannel must be >= 1");
    }

    @Override
    public List<Candidate> apply(FeedRequest request, UserFeatures user, List<Candidate> ranked) {
        var counts = new HashMap<String, Integer>();
        var kept = new ArrayList<Candidate>(ranked.size());
        var overflow = new ArrayList<Candidate>();
        for (Candidate c : ranked) {
            if (c.channelId() == null || counts.merge(c.channelId(), 1, Integer::sum) <= maxPerChannel) kept.add(c);
            else overflow.add(c);
        }
        kept.addAll(overflow);
        return kept;
    }
}
