package dev.reelrank.model.auth;

import java.util.List;
import java.util.Objects;

/**
 * The authorization rules of the two public functions, in one place so feed-assembly and
 * event-ingestion cannot drift apart; authentication (who the caller is) happens before, in
 * each function's glue.
 * <ul>
 *   <li>Feeds: a caller reads only its own user's feed ({@code sub} == userId); the service scope
 *       may ask for anyone. Up Next without a userId (a signed-out viewer) needs a token, any scope.
 *   <li>Events: posting needs the producer scope or the service scope. A producer may only post
 *       events whose user is its own {@code sub}; an event without a user ({@code video.published})
 *       and an event for another user need the service scope. One refused event refuses the whole
 *       request, like an invalid one, so a batch is never half accepted.
 * </ul>
 */
public final class EdgeAuthorization {
    /** What an event says about whom it concerns: {@code userId} null for an event without a user. */
    public record EventOwner(String type, String userId) {}

    private final String producerScope;
    private final String serviceScope;

    public EdgeAuthorization(String producerScope, String serviceScope) {
        this.producerScope = Objects.requireNonNull(producerScope, "producerScope");
        this.serviceScope = Objects.requireNonNull(serviceScope, "serviceScope");
    }

    /** @param userId the feed's user; null for a signed-out Up Next */
    public Decision feed(Caller caller, String userId) {
        if (userId == null || caller.has(serviceScope) || caller.subject().equals(userId)) return Decision.allow();
        return Decision.deny("the token's subject may read only its own feed; reading user " + userId
                + "'s needs the " + serviceScope + " scope");
    }

    /** All or nothing: the first event the caller may not post refuses the request. */
    public Decision events(Caller caller, List<EventOwner> events) {
        boolean service = caller.has(serviceScope);
        if (!service && !caller.has(producerScope)) {
            return Decision.deny("posting events needs the " + producerScope + " scope");
        }
        if (service) return Decision.allow();
        for (int i = 0; i < events.size(); i++) {
            EventOwner event = events.get(i);
            if (event.userId() == null) {
                return refused(events.size(), i, event.type() + " events have no user; posting them needs the "
                        + serviceScope + " scope");
            }
            if (!event.userId().equals(caller.subject())) {
                return refused(events.size(), i, "the event is for user " + event.userId()
                        + ", not the token's subject; posting for another user needs the " + serviceScope + " scope");
            }
        }
        return Decision.allow();
    }

    private static Decision refused(int size, int index, String why) {
        if (size == 1) return Decision.deny(why);
        return Decision.deny("event " + index + " of the batch: " + why + "; nothing of the batch was accepted", index);
    }
}
