package dev.reelrank.eventarchive;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reelrank.eventlog.LoggedEvent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Training data holds no clear-text identifier: archive real events, then read every file back
 * (as rows through DuckDB, and as raw bytes) looking for any user id. Written uncompressed, so
 * the byte scan sees every string the files contain (a control string proves it would find one).
 */
class ArchivePrivacyIT {
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);

    @Test
    void noRawUserIdAndNoFreeTextAnywhereInTheArchive() throws Exception {
        String interactions = "it-privacy-" + RUN + "-interactions", videos = "it-privacy-" + RUN + "-videos";
        String group = "it-privacy-" + RUN;
        Path root = Path.of("target", "it-privacy-" + RUN).toAbsolutePath();
        var pseudonymizer = new Pseudonymizer(TestEvents.key(0x33));
        int users = 100;
        Instant when = Instant.parse("2026-11-25T08:00:00Z");
        try (var kafka = new StackKafka()) {
            kafka.createTopics(Map.of(interactions, 2, videos, 1));
            var events = new ArrayList<LoggedEvent>();
            for (int n = 0; n < 2_000; n++) events.add(TestEvents.interaction(RUN, n, users, when.plusSeconds(n)));
            var vids = new ArrayList<LoggedEvent>();
            for (int n = 0; n < 50; n++) vids.add(TestEvents.video(RUN, n, when));
            kafka.publish(interactions, events);
            kafka.publish(videos, vids);

            var settings = ArchiveConfig.defaults(StackKafka.BOOTSTRAP, root).withTopics(interactions, videos)
                    .withGroupId(group).withFiles(500, Duration.ofMillis(300), "none");
            var archiver = new EventArchiver(settings, pseudonymizer);
            var thread = Thread.ofPlatform().name("archiver-" + RUN).start(archiver);
            try {
                await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                        .until(() -> kafka.caughtUp(group, List.of(interactions, videos)));
            } finally {
                archiver.stop();
                thread.join(Duration.ofSeconds(30));
                kafka.deleteTopics(List.of(interactions, videos));
            }
            assertEquals(2_050, archiver.status().archived());
        }

        String userPrefix = "user-" + RUN + "-"; // every user id starts with it
        try (var db = new DuckDb()) {
            for (ArchiveTable t : ArchiveTable.values()) {
                for (List<Object> row : db.query("SELECT * FROM " + DuckDb.table(root, t)))
                    for (Object v : row)
                        assertFalse(v != null && v.toString().contains(userPrefix), t.folder + " holds a raw user id: " + row);
            }
            String ti = DuckDb.table(root, ArchiveTable.INTERACTIONS);
            // The pseudonym is really there and really the keyed hash: one per user, joinable across events.
            assertEquals(users, db.count("SELECT count(DISTINCT user_key) FROM " + ti));
            assertEquals(20, db.count("SELECT count(*) FROM " + ti + " WHERE user_key = '" + pseudonymizer.userKey(TestEvents.userId(RUN, 7)) + "'"));
            assertEquals(1, db.count("SELECT count(DISTINCT key_id) FROM " + ti));
        }

        var files = ArchiveFiles.all(root);
        assertTrue(files.size() > 4, "expected data and state files, found " + files);
        byte[] control = "req-".getBytes(StandardCharsets.UTF_8); // request ids are kept in clear: the scan must see them
        boolean sawControl = false;
        for (Path f : files) {
            byte[] bytes = Files.readAllBytes(f);
            String text = new String(bytes, StandardCharsets.ISO_8859_1);
            assertFalse(text.contains(userPrefix), f + " contains a raw user id");
            assertFalse(text.contains("Free text that must not be archived"), f + " contains a video description");
            assertFalse(text.contains("Title typed by a creator"), f + " contains a video title");
            sawControl |= text.contains(new String(control, StandardCharsets.ISO_8859_1));
        }
        assertTrue(sawControl, "the byte scan found no clear-text string at all: it could not have found a user id either");
    }
}
