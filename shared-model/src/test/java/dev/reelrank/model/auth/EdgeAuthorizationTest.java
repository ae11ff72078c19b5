package dev.reelrank.model.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reelrank.model.auth.EdgeAuthorization.EventOwner;
import java.util.List;
import org.junit.jupiter.api.Test;

class EdgeAuthorizationTest {
    private final EdgeAuthorization rules = new EdgeAuthorization("events:write", "reelrank:service");
    private final Caller u1 = Caller.of("u1", "");
    private final Caller producer = Caller.of("u1", "events:write");
    private final Caller service = Caller.of("loadgen", "reelrank:service");

    @Test
    void aUserReadsOnlyItsOwnFeed() {
        assertTrue(rules.feed(u1, "u1").allowed());
        Decision other = rules.feed(u1, "u2");
        assertFalse(other.allowed());
        assertTrue(other.reason().contains("reelrank:service"), other.reason());
    }

    @Test
    void theServiceScopeReadsAnyFeed() {
        assertTrue(rules.feed(service, "u2").allowed());
    }

    @Test
    void aSignedOutUpNextNeedsOnlyAToken() {
        assertTrue(rules.feed(u1, null).allowed());
    }

    @Test
    void postingNeedsTheProducerScope() {
        Decision d = rules.events(u1, List.of(new EventOwner("video.interaction", "u1")));
        assertFalse(d.allowed());
        assertTrue(d.reason().contains("events:write"));
    }

    @Test
    void aProducerPostsItsOwnEvents() {
        assertTrue(rules.events(producer, List.of(new EventOwner("video.interaction", "u1"),
                new EventOwner("video.interaction", "u1"))).allowed());
    }

    @Test
    void aProducerCannotPostForAnotherUser() {
        Decision d = rules.events(producer, List.of(new EventOwner("video.interaction", "u2")));
        assertFalse(d.allowed());
        assertNull(d.index());
    }

    @Test
    void oneForeignEventRefusesTheWholeBatchAndSaysWhich() {
        Decision d = rules.events(producer, List.of(new EventOwner("video.interaction", "u1"),
                new EventOwner("video.interaction", "u1"), new EventOwner("video.interaction", "u9")));
        assertFalse(d.allowed());
        assertEquals(2, d.index());
        assertTrue(d.reason().contains("nothing of the batch was accepted"), d.reason());
    }

    @Test
    void eventsWithoutAUserNeedTheServiceScope() {
        assertFalse(rules.events(producer, List.of(new EventOwner("video.published", null))).allowed());
        assertTrue(rules.events(service, List.of(new EventOwner("video.published", null))).allowed());
    }

    @Test
    void theServiceScopePostsForAnyone() {
        assertTrue(rules.events(service, List.of(new EventOwner("video.interaction", "u7"),
                new EventOwner("video.interaction", "u8"))).allowed());
    }

    @Test
    void scopesParseFromSpacesOrCommas() {
        assertEquals(java.util.Set.of("a", "b", "c"), Caller.parseScopes(" a b,c "));
        assertTrue(Caller.parseScopes(null).isEmpty());
    }
}
