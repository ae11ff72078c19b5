package dev.reelrank.systemtests;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;

/**
 * "Not interested" end to end over HTTP: the feed asked for right after the 202 already leaves out
 * the video and every video of the refused channel, on Home and on Up Next, and the same for a
 * video just watched, while embedding-refresh is a large backlog behind in that user's own
 * partition (so the fold cannot have applied the event: the suppression written before the 202
 * does it).
 */
class NegativeFeedbackIT {
    static {
        ClientAuth.install();
    }

    private static final String FEED = SystemTestEvents.FEED;
    private static final Duration LOOP_DEADLINE = Duration.ofSeconds(90);
    /** Records produced ahead of the viewer's feedback; the fold needs seconds for them even alone. */
    private static final int BACKLOG = Integer.getInteger("reelrank.system-test.backlog", 100_000);
    /** The lag that must still be there after the feeds: more than a few of the fold's batches. */
    private static final long MIN_LAG = 10_000;

    private final SystemTestEvents events = new SystemTestEvents("-nf-");
    private final String run = events.run;

    // Both surfaces filtered to this run's own category: whether a new video makes a top 100 among
    // everything the other tests left in the stores is the ranker's call, not what is tested here.
    private static final String HOME = "/v1/users/%s/feed/home?limit=100&category=%s";
    private static final String UP_NEXT = "/v1/videos/st-%s-elsewhere/up-next?userId=%s&limit=100&category=%s";
    /**
     * The box stays saturated while the fold and the streaming job work off the backlog, and a feed
     * on a saturated box may answer from its fallbacks (trending from Cassandra's all-time counts,
     * where b2 is not yet): presence is only required once that has passed.
     */
    private static final Duration PRESENCE_DEADLINE = LOOP_DEADLINE;

    private static void assertNoneOf(List<String> videos, List<String> feed, String where) {
        assertEquals(List.of(), feed.stream().filter(videos::contains).toList(), where + " " + feed);
    }

    /**
     * Committed offsets trail the fold by at most one poll batch (2,000 records): a lag far above
     * that means the fold had not reached the viewer's feedback when the feeds before were answered.
     */
    private static void assertFoldBehind() throws Exception {
        long lag = Backlog.foldLag();
        assertTrue(lag >= MIN_LAG, "the fold caught up too soon to prove anything: lag " + lag + " after the feeds");
    }

    private List<String> feed(String path) {
        return feedAnswer(path).getList("items.videoId", String.class);
    }

    private JsonPath feedAnswer(String path) {
        return given().header("X-Device", "web").header("X-Region", "US")
                .when().get(FEED + path)
                .then().statusCode(200).contentType(ContentType.JSON)
                .extract().jsonPath();
    }

    @Test
    void theFeedRightAfterThe202LeavesOutTheVideoAndTheChannelWithTheFoldFarBehind() throws Exception {
        String channelA = "st-" + run + "-chA", channelB = "st-" + run + "-chB";
        String a1 = "st-" + run + "-a1", a2 = "st-" + run + "-a2", b1 = "st-" + run + "-b1", b2 = "st-" + run + "-b2";
        String viewer = "st-" + run + "-refuser";
        List<String> ours = List.of(a1, a2, b1, b2);
        String category = "nf-" + run;
        String home = HOME.formatted(viewer, category), upNext = UP_NEXT.formatted(run, viewer, category);

        events.postBatch(List.of(events.published(a1, channelA, category), events.published(a2, channelA, category),
                events.published(b1, channelB, category), events.published(b2, channelB, category)));
        for (List<String> pair : List.of(List.of(a1, a2), List.of(b1, b2))) {
            var engagement = new ArrayList<Map<String, Object>>();
            for (int i = 0; i < 30; i++) {
                String fan = "st-" + run + "-nffan" + i;
                for (String v : pair) {
                    engagement.add(events.interaction(fan, v, "click", Map.of()));
                    engagement.add(events.interaction(fan, v, "watch", Map.of("watchSeconds", 600)));
                    engagement.add(events.interaction(fan, v, "like", Map.of()));
                }
            }
            events.postBatch(engagement);
        }
        // Precondition through the slow path: the videos are popular enough for both of the viewer's feeds.
        for (String path : List.of(home, upNext)) {
            await().atMost(LOOP_DEADLINE).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
                var served = feed(path);
                assertTrue(served.containsAll(ours), path + ": " + served);
            });
        }

        Backlog.impressions(run, viewer, BACKLOG);
        events.postBatch(List.of(
                events.interaction(viewer, a1, "not_interested", Map.of("target", "channel", "channelId", channelA)),
                events.interaction(viewer, b1, "not_interested", Map.of("target", "video"))));

        // No await: this is the very next request. Only absence is asserted here: on a loaded box a
        // Redis read past its timeout serves trending from the all-time popularity in Cassandra,
        // where b2 is nowhere yet, so its presence is awaited below.
        List<String> refused = List.of(a1, a2, b1);
        assertNoneOf(refused, feed(home), "home");
        assertNoneOf(refused, feed(upNext), "up next");
        assertFoldBehind();

        // Nor did the filter take more than it should: b2 is served on both surfaces, and no feed on
        // the way shows a refused video.
        for (String path : List.of(home, upNext)) {
            var last = new AtomicReference<String>();
            try {
                await().atMost(PRESENCE_DEADLINE).pollInterval(Duration.ofMillis(250)).until(() -> {
                    var answer = feedAnswer(path);
                    last.set(answer.prettify());
                    var served = answer.getList("items.videoId", String.class);
                    assertNoneOf(refused, served, path); // an AssertionError here fails the test at once
                    return served.contains(b2);
                });
            } catch (ConditionTimeoutException e) {
                throw new AssertionError(b2 + " never came back on " + path + "; the last answer: " + last.get(), e);
            }
        }

        // A watch, likewise: the watched video leaves the very next feed, before any fold.
        Backlog.impressions(run, viewer, BACKLOG);
        events.postBatch(List.of(events.interaction(viewer, b2, "watch", Map.of("watchSeconds", 30))));
        assertNoneOf(ours, feed(home), "home after the watch");
        assertNoneOf(ours, feed(upNext), "up next after the watch");
        assertFoldBehind();
    }
}
