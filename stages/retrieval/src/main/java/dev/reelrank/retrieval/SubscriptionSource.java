package dev.reelrank.retrieval;

import dev.reelrank.model.Candidate;
import dev.reelrank.model.CandidateSource;
import dev.reelrank.model.FeedRequest;
import dev.reelrank.model.RetrievalSignals;
import dev.reelrank.model.RetrievalSignals.Upload;
import dev.reelrank.proto.v1.UserFeatures;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Recent uploads of the channels the user subscribes to, newest first. Scores are by rank
 * ({@code 1 / (1 + i)}): a subscription's newest video is its strongest claim, and the ranker
 * decides how it compares with other sources.
 */
public final class SubscriptionSource implements CandidateSource {
    public static final String NAME = "subscriptions";

    private final RetrievalSignals signals;
    private final int maxChannels;
    private final int perChannel;

    /**
     * @param maxChannels the most recently subscribed channels read per request (bounds the fan-out)
     * @param perChannel  newest uploads read per channel
     */
    public SubscriptionSource(RetrievalSignals signals, int maxChannels, int perChannel) {
        this.signals = Objects.requireNonNull(signals, "signals");
        if (maxChannels < 1 || perChannel < 1) throw new IllegalArgumentException("maxChannels and perChannel must be >= 1");
        this.maxChannels = maxChannels;
        this.perChannel = perChannel;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<Candidate> retrieve(FeedRequest request, UserFeatures user, int quota) {
        if (quota <= 0 || user.getSubscribedChannelIdsCount() == 0) return List.of();
        var exclusions = Exclusions.of(request, user);
        // Subscriptions are kept oldest first; the newest ones say most about current taste.
        List<String> subscribed = user.getSubscribedChannelIdsList();
        var channels = new ArrayList<String>(Math.min(maxChannels, subscribed.size()));
        for (int i = subscribed.size() - 1; i >= 0 && channels.size() < maxChannels; i--) {
            if (!exclusions.channel(subscribed.get(i))) channels.add(subscribed.get(i));
        }
        if (channels.isEmpty()) return List.of();
        List<Upload> uploads = signals.channelUploads(channels, perChannel);
        var out = new ArrayList<Candidate>(Math.min(quota, uploads.size()));
        for (Upload u : uploads) {
            if (out.size() >= quota) break;
            if (exclusions.video(u.videoId())) continue;
            out.add(Candidate.of(u.videoId(), u.channelId(), 1.0 / (1 + out.size()), NAME));
        }
        return out;
    }
}
