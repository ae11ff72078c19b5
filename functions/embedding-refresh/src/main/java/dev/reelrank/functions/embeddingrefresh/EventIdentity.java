package dev.reelrank.functions.embeddingrefresh;

import dev.reelrank.eventlog.LoggedEvent;
import dev.reelrank.model.ServedImpressions;
import dev.reelrank.proto.v1.Interaction;

/**
 * What the fold de-duplicates an interaction by (the hash it keeps in the user's last
 * {@code dedup-window} events): the CloudEvent's source + id, which catches redeliveries and client
 * retries; but for an impression that names its request, the (user, request, video) of
 * {@link ServedImpressions#countingKey}. feed-assembly logs every item it serves as such an impression
 * and clients send their own for the same items: keyed this way the first of the two is counted and the
 * other is dropped as a duplicate, whatever their sources and ids. The pair must meet within the user's
 * window, so a window smaller than a few pages of impressions lets a late client impression count twice.
 */
final class EventIdentity {
    private EventIdentity() {}

    static long hash(LoggedEvent event, Interaction interaction) {
        return ServedImpressions.countingKey(interaction)
                .map(key -> FeatureRefresher.eventHash(ServedImpressions.COUNTING_SCOPE, key))
                .orElseGet(() -> FeatureRefresher.eventHash(event.source().toString(), event.id()));
    }
}
