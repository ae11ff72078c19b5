package dev.reelrank.functions.feedassembly;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reelrank.functions.feedassembly.HostileFeedRequests.Mutation;
import dev.reelrank.functions.feedassembly.HostileFeedRequests.Route;
import java.util.EnumSet;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The generator itself: replayable, every mutation drawn, and nothing the HTTP layer refuses before our code. */
class HostileFeedRequestsTest {
    @Test
    void theSameSeedGivesTheSameRequests() {
        for (Route route : Route.values()) {
            Random a = new Random(5), b = new Random(5);
            for (int i = 0; i < 500; i++) assertEquals(HostileFeedRequests.next(route, a), HostileFeedRequests.next(route, b));
        }
    }

    @Test
    void everyMutationIsDrawnOnEveryRoute() {
        for (Route route : Route.values()) {
            var seen = EnumSet.noneOf(Mutation.class);
            Random random = new Random(9);
            for (int i = 0; i < 500; i++) seen.add(HostileFeedRequests.next(route, random).mutation());
            assertEquals(EnumSet.allOf(Mutation.class), seen);
        }
    }

    @Test
    void requestsStayWithinWhatTheHttpLayerLetsThrough() {
        Random random = new Random(13);
        for (Route route : Route.values()) {
            for (int i = 0; i < 5_000; i++) {
                var r = HostileFeedRequests.next(route, random);
                assertTrue(r.target().length() <= HostileFeedRequests.MAX_TARGET, r.toString());
                assertTrue(HostileFeedRequests.uriAccepted(r.target()), r.toString());
                assertTrue(r.target().chars().allMatch(c -> c > 0x20 && c < 0x7f), "raw byte outside visible ASCII: " + r);
                r.headers().forEach((k, v) -> {
                    assertTrue(v.length() <= HostileFeedRequests.MAX_HEADER_VALUE, k);
                    assertTrue(v.chars().allMatch(c -> c == '\t' || (c >= 0x20 && c != 0x7f && c <= 0xff)), k + ": " + v);
                });
            }
        }
    }

    @Test
    void malformedEscapesAreStillDrawnWhereTheUriSyntaxAllowsThem() {
        Random random = new Random(19);
        boolean encodedSlash = false, badUtf8 = false;
        for (int i = 0; i < 2_000; i++) {
            String t = HostileFeedRequests.next(Route.HOME, Mutation.PATH_SEGMENT, random).target();
            encodedSlash |= t.contains("%2F");
            badUtf8 |= t.contains("%C3%28") || t.contains("%ED%A0%80");
        }
        assertTrue(encodedSlash && badUtf8);
    }

    @Test
    void validRequestsArePlainIdsOnTheirRoute() {
        Random random = new Random(17);
        var home = HostileFeedRequests.next(Route.HOME, Mutation.NONE, random);
        assertTrue(home.target().matches("/v1/users/fu\\d+/feed/home(\\?.*)?"), home.target());
        var upNext = HostileFeedRequests.next(Route.UP_NEXT, Mutation.NONE, random);
        assertTrue(upNext.target().matches("/v1/videos/fv\\d+/up-next(\\?.*)?"), upNext.target());
    }
}
