package dev.reelrank.functions.eventingestion;

import static dev.reelrank.functions.eventingestion.EventIngestionTest.RECEIVED;
import static dev.reelrank.functions.eventingestion.EventIngestionTest.assertAttribute;
import static dev.reelrank.functions.eventingestion.EventIngestionTest.assertField;
import static dev.reelrank.functions.eventingestion.EventIngestionTest.bytes;
import static dev.reelrank.functions.eventingestion.EventIngestionTest.event;
import static dev.reelrank.functions.eventingestion.EventIngestionTest.rejected;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reelrank.eventlog.LoggedEvent;
import dev.reelrank.proto.v1.Interaction;
import dev.reelrank.proto.v1.VideoPublished;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The bounds and JSON types of issue 15 (what a fuzzing run got through with 202), with the
 * limits application.properties ships.
 */
class FieldRulesTest {
    final FieldLimits limits = ShippedConfig.fieldLimits();
    final EventIngestion ingestion = new EventIngestion(new IngestionLimits(1_000_000, 10), limits);

    List<LoggedEvent> interaction(String data) {
        return structured(event("x", "video.interaction", data));
    }

    List<LoggedEvent> video(String data) {
        return structured(event("x", "video.published", data));
    }

    List<LoggedEvent> structured(String body) {
        return ingestion.accept("application/cloudevents+json", Map.of(), bytes(body), RECEIVED);
    }

    Problem badInteraction(String data) {
        return rejected(() -> interaction(data));
    }

    Problem badVideo(String data) {
        return rejected(() -> video(data));
    }

    static String q(String s) {
        return com.fasterxml.jackson.databind.node.TextNode.valueOf(s).toString();
    }

    /** A click by u1 on v1 with one field replaced or added. */
    static String click(String field, String json) {
        var fields = new LinkedHashMap<String, String>();
        fields.put("userId", q("u1"));
        fields.put("videoId", q("v1"));
        fields.put("action", q("click"));
        fields.put(field, json);
        var parts = new ArrayList<String>();
        fields.forEach((k, v) -> parts.add(q(k) + ":" + v));
        return "{" + String.join(",", parts) + "}";
    }

    /** A video v1 of channel c1 with one field replaced or added. */
    static String videoWith(String field, String json) {
        var fields = new LinkedHashMap<String, String>();
        fields.put("videoId", q("v1"));
        fields.put("channelId", q("c1"));
        fields.put(field, json);
        var parts = new ArrayList<String>();
        fields.forEach((k, v) -> parts.add(q(k) + ":" + v));
        return "{" + String.join(",", parts) + "}";
    }

    @Nested
    class Ids {
        @Test
        void aSeventyThousandCharacterIdIsRefusedWithoutBeingEchoed() {
            String huge = "u".repeat(70_000);
            for (String field : List.of("userId", "videoId", "channelId", "requestId")) {
                Problem p = badInteraction(click(field, q(huge)));
                assertField("data." + field, p);
                assertTrue(p.detail().contains("70000") && p.detail().length() < 200, p.detail());
            }
            for (String field : List.of("videoId", "channelId")) {
                assertField("data." + field, badVideo(videoWith(field, q(huge))));
            }
        }

        @Test
        void theLengthLimitIsInclusive() {
            String max = "v".repeat(limits.idMaxLength());
            assertEquals(max, ((Interaction) interaction(click("videoId", q(max))).getFirst().payload()).getVideoId());
            assertField("data.videoId", badInteraction(click("videoId", q(max + "v"))));
        }

        @Test
        void idsOfTheRepoPass() {
            // Tests and examples, generated worlds (with and without --id-prefix), KuaiRec, MovieLens, request ids.
            for (String id : List.of("u1", "v-7", "c7", "w3-u0", "w3-v12", "w3-c0", "kr-u1234", "kr-v99", "ml-v31",
                    "r12-3", "12345", "0", UUID.randomUUID().toString(), "user@example.org", "tenant:u.1_a")) {
                var i = (Interaction) interaction(click("requestId", q(id)).replace("\"u1\"", q(id))).getFirst().payload();
                assertEquals(id, i.getUserId());
                assertEquals(id, i.getRequestId());
                assertEquals(id, ((VideoPublished) video("{\"videoId\":" + q(id) + ",\"channelId\":" + q(id) + "}")
                        .getFirst().payload()).getChannelId());
            }
        }

        @Test
        void otherCharactersAreRefused() {
            for (String id : List.of("u 1", "u/1", "ü1", "u1\n", "u\"1", "u1;drop", "", "\t")) {
                if (id.isBlank()) {
                    assertField("data.userId", badInteraction(click("userId", q(id))));
                    continue;
                }
                Problem p = badInteraction(click("userId", q(id)));
                assertField("data.userId", p);
                assertTrue(p.detail().contains(limits.idPattern().pattern()), p.detail());
            }
        }

        @Test
        void idsMustBeJsonStrings() {
            for (String json : List.of("true", "0", "12.5", "{}", "[\"u1\"]")) {
                Problem p = badInteraction(click("userId", json));
                assertField("data.userId", p);
                assertTrue(p.detail().contains("must be a JSON string"), p.detail());
            }
            assertField("data.videoId", badVideo(videoWith("videoId", "7")));
            assertField("data.channelId", badVideo(videoWith("channelId", "false")));
            assertField("data.requestId", badInteraction(click("requestId", "42")));
        }
    }

    @Nested
    class Texts {
        @Test
        void everyStringFieldMustBeAJsonString() {
            for (String field : List.of("device", "region")) {
                assertField("data." + field, badInteraction(click(field, "5")));
            }
            for (String field : List.of("title", "description", "category", "language", "region")) {
                assertField("data." + field, badVideo(videoWith(field, "true")));
            }
        }

        @Test
        void codesAreShort() {
            String max = "x".repeat(limits.codeMaxLength());
            interaction(click("device", q(max)));
            interaction(click("bucket", q(max)));
            for (String field : List.of("device", "region", "source", "bucket")) {
                assertField("data." + field, badInteraction(click(field, q(max + "x"))));
            }
            for (String field : List.of("category", "language", "region")) {
                assertField("data." + field, badVideo(videoWith(field, q(max + "x"))));
            }
        }

        @Test
        void titleAndDescriptionAreBoundedInCharactersNotBytes() {
            String emoji = "\uD83C\uDFAC"; // one character, two UTF-16 units, four UTF-8 bytes
            var v = (VideoPublished) video(videoWith("title", q(emoji.repeat(limits.titleMaxLength())))).getFirst().payload();
            assertEquals(limits.titleMaxLength() * 2, v.getTitle().length());
            assertField("data.title", badVideo(videoWith("title", q("t".repeat(limits.titleMaxLength() + 1)))));
            video(videoWith("description", q("d".repeat(limits.descriptionMaxLength()))));
            assertField("data.description", badVideo(videoWith("description", q("d".repeat(limits.descriptionMaxLength() + 1)))));
        }

        @Test
        void tagsAreAnArrayOfBoundedStrings() {
            var ok = new ArrayList<String>();
            for (int k = 0; k < limits.maxTags(); k++) ok.add(q("t" + k));
            video(videoWith("tags", "[" + String.join(",", ok) + "]"));
            ok.add(q("one-too-many"));
            assertField("data.tags", badVideo(videoWith("tags", "[" + String.join(",", ok) + "]")));

            Problem longTag = badVideo(videoWith("tags", "[\"a\"," + q("t".repeat(limits.tagMaxLength() + 1)) + "]"));
            assertField("data.tags", longTag);
            assertTrue(longTag.detail().startsWith("tags[1]"), longTag.detail());
            Problem number = badVideo(videoWith("tags", "[\"a\",7]"));
            assertField("data.tags", number);
            assertTrue(number.detail().contains("tags[1] must be a JSON string"), number.detail());
            assertField("data.tags", badVideo(videoWith("tags", "\"music\"")));
        }
    }

    /** What a fuzzing run of this branch still got through with 202: invisible or broken characters. */
    @Nested
    class Characters {
        static final List<String> REFUSED_EVERYWHERE = List.of("\u0000", "\u001b", "\u007f", "\u0085", "\uD800",
                "\uDFFF", "\uFFFE", "\uE000");

        @Test
        void codesRefuseControlFormattingAndUnassignedCharacters() {
            for (String c : concat(REFUSED_EVERYWHERE, List.of("\u200B", "\u202E", "\uFEFF", "\u2028", "\n"))) {
                for (String field : List.of("device", "region", "source", "bucket")) {
                    Problem p = badInteraction(click(field, e("US" + c)));
                    assertField("data." + field, p);
                    assertTrue(p.detail().contains("U+") && !p.detail().contains(c), p.detail());
                }
                assertField("data.language", badVideo(videoWith("language", e("de" + c))));
                assertField("data.category", badVideo(videoWith("category", e(c + "news"))));
            }
        }

        @Test
        void titlesAndTagsTakeEmojiSequencesButNoControlCharacters() {
            String family = "\uD83D\uDC68\u200D\uD83D\uDC69\u200D\uD83D\uDC67"; // joined by U+200D, a formatting character
            assertEquals("Trip " + family, ((VideoPublished) video(videoWith("title", e("Trip " + family))).getFirst().payload()).getTitle());
            video(videoWith("tags", "[" + e(family) + "]"));
            for (String c : concat(REFUSED_EVERYWHERE, List.of("\n", "\t"))) {
                assertField("data.title", badVideo(videoWith("title", e("a" + c))));
                Problem tag = badVideo(videoWith("tags", "[\"ok\"," + e("b" + c) + "]"));
                assertField("data.tags", tag);
                assertTrue(tag.detail().startsWith("tags[1]"), tag.detail());
            }
        }

        @Test
        void descriptionsTakeLineBreaksAndTabsOnly() {
            String text = "Line one\r\nLine two\n\tindented \u2028 and \u00e9";
            assertEquals(text, ((VideoPublished) video(videoWith("description", e(text))).getFirst().payload()).getDescription());
            for (String c : REFUSED_EVERYWHERE) {
                assertField("data.description", badVideo(videoWith("description", e("d" + c))));
            }
        }

        @Test
        void eventIdAndSourceRefuseInvisibleCharacters() {
            for (String c : concat(REFUSED_EVERYWHERE, List.of("\u200B", "\u202E", "\n", "\t"))) {
                String body = event("e1", "video.interaction", click("surface", e("home")));
                Problem id = rejected(() -> structured(body.replace("\"e1\"", e("e1" + c))));
                assertAttribute("id", id);
                assertTrue(id.detail().contains("U+"), id.detail());
                assertAttribute("source", rejected(() -> structured(body.replace("\"/test\"", e("/test" + c)))));
            }
            var headers = new LinkedHashMap<String, List<String>>();
            headers.put("ce-specversion", List.of("1.0"));
            headers.put("ce-id", List.of("e\u0001"));
            headers.put("ce-source", List.of("/test"));
            headers.put("ce-type", List.of("video.interaction"));
            assertAttribute("id", rejected(() -> ingestion.accept("application/json", headers, bytes(click("surface", e("home"))), RECEIVED)));
        }

        @Test
        void malformedUtf8IsRefusedInEveryMode() {
            // Jackson alone reads the overlong C0 80 as NUL and passes other broken sequences on.
            for (byte[] bad : List.of(new byte[] {(byte) 0xc0, (byte) 0x80}, new byte[] {(byte) 0xc3, 0x28},
                    new byte[] {(byte) 0xed, (byte) 0xa0, (byte) 0x80}, new byte[] {(byte) 0xff})) {
                byte[] structuredBody = withBytes(event("e1", "video.interaction", click("region", "\"US@\"")), bad);
                Problem s = rejected(() -> ingestion.accept("application/cloudevents+json", Map.of(), structuredBody, RECEIVED));
                assertTrue(s.detail().contains("UTF-8"), s.detail());
                Problem b = rejected(() -> ingestion.accept("application/cloudevents-batch+json", Map.of(),
                        withBytes("[" + event("e1", "video.interaction", click("region", "\"US@\"")) + "]", bad), RECEIVED));
                assertTrue(b.detail().contains("UTF-8"), b.detail());
                var headers = new LinkedHashMap<String, List<String>>();
                headers.put("ce-specversion", List.of("1.0"));
                headers.put("ce-id", List.of("e1"));
                headers.put("ce-source", List.of("/test"));
                headers.put("ce-type", List.of("video.interaction"));
                Problem binary = rejected(() -> ingestion.accept("application/json", headers, withBytes(click("region", "\"US@\""), bad), RECEIVED));
                assertField("data", binary);
                assertTrue(binary.detail().contains("UTF-8"), binary.detail());
            }
        }

        @Test
        void dataBase64IsHeldToUtf8Too() {
            byte[] data = withBytes(click("region", "\"US@\""), new byte[] {(byte) 0xc0, (byte) 0x80});
            String body = "{\"specversion\":\"1.0\",\"id\":\"e1\",\"source\":\"/test\",\"type\":\"video.interaction\","
                    + "\"datacontenttype\":\"application/json\",\"data_base64\":\"" + java.util.Base64.getEncoder().encodeToString(data) + "\"}";
            assertField("data", rejected(() -> structured(body)));
        }

        /**
         * A JSON string literal with every character outside printable ASCII as a \\u escape: how a
         * client sends a lone surrogate at all (Java's UTF-8 encoder would turn it into '?').
         */
        static String e(String s) {
            var out = new StringBuilder("\"");
            for (char c : s.toCharArray()) {
                if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') out.append(c);
                else out.append(String.format("\\u%04x", (int) c));
            }
            return out.append('"').toString();
        }

        /** The text's UTF-8 with the first '@' replaced by raw bytes. */
        static byte[] withBytes(String text, byte[] bytes) {
            byte[] utf8 = bytes(text);
            var out = new java.io.ByteArrayOutputStream();
            boolean done = false;
            for (byte b : utf8) {
                if (b == '@' && !done) {
                    out.writeBytes(bytes);
                    done = true;
                } else {
                    out.write(b);
                }
            }
            return out.toByteArray();
        }

        static List<String> concat(List<String> a, List<String> b) {
            var all = new ArrayList<>(a);
            all.addAll(b);
            return all;
        }
    }

    @Nested
    class Enums {
        @Test
        void aNumberIsRefusedAndTheNamesAreListed() {
            Problem surface = badInteraction(click("surface", "0"));
            assertField("data.surface", surface);
            assertTrue(surface.detail().contains("home, up_next"), surface.detail());
            Problem action = badInteraction(click("action", "3"));
            assertField("data.action", action);
            assertTrue(action.detail().contains("impression, click, watch, like, dislike, share, skip, not_interested, subscribe, unsubscribe"),
                    action.detail());
            Problem target = badInteraction(click("target", "1"));
            assertField("data.target", target);
            assertTrue(target.detail().contains("video, channel"), target.detail());
        }

        @Test
        void thePlaceholderNamesAndOtherSpellingsAreRefused() {
            assertField("data.surface", badInteraction(click("surface", q("surface_unspecified"))));
            assertField("data.surface", badInteraction(click("surface", q("HOME"))));
            assertField("data.target", badInteraction(click("target", q("target_unspecified"))));
            assertField("data.surface", badInteraction(click("surface", "true")));
        }

        @Test
        void namesAreAccepted() {
            var i = (Interaction) interaction(click("surface", q("up_next"))).getFirst().payload();
            assertEquals(dev.reelrank.proto.v1.Surface.up_next, i.getSurface());
        }
    }

    @Nested
    class Numbers {
        static String watch(String seconds) {
            return "{\"userId\":\"u1\",\"videoId\":\"v1\",\"action\":\"watch\",\"watchSeconds\":" + seconds + "}";
        }

        @Test
        void watchSecondsIsBetweenZeroAndTheCeiling() {
            for (String s : List.of("1e308", "1e400", "86400.5", "-0.5", "-1e308")) {
                assertField("data.watchSeconds", badInteraction(watch(s)));
            }
            // Not JSON at all: refused by the parser, before any field is looked at.
            for (String s : List.of("NaN", "Infinity", "-Infinity", "0x10", "+1")) {
                assertEquals(400, badInteraction(watch(s)).status());
            }
            var max = (Interaction) interaction(watch("86400")).getFirst().payload();
            assertEquals(limits.maxWatchSeconds(), max.getWatchSeconds());
        }

        @Test
        void utcOffsetMinutesIsAnOffsetInUseOrAbsent() {
            for (String ok : List.of("-720", "0", "330", "840", "-840")) {
                var i = (Interaction) interaction(click("utcOffsetMinutes", ok)).getFirst().payload();
                assertTrue(i.hasUtcOffsetMinutes());
                assertEquals(Integer.parseInt(ok), i.getUtcOffsetMinutes());
            }
            assertTrue(!((Interaction) interaction(click("position", "1")).getFirst().payload()).hasUtcOffsetMinutes(),
                    "absent is unknown, not UTC");
            for (String bad : List.of("841", "-841", "100000", "2147483648", "1.5", "\"60\"")) {
                assertField("data.utcOffsetMinutes", badInteraction(click("utcOffsetMinutes", bad)));
            }
        }

        @Test
        void durationSecondsIsBetweenZeroAndTheCeiling() {
            video(videoWith("durationSeconds", Integer.toString(limits.maxDurationSeconds())));
            for (String s : List.of(Integer.toString(limits.maxDurationSeconds() + 1), "-1", "1e10", "2147483648", "12.5")) {
                assertField("data.durationSeconds", badVideo(videoWith("durationSeconds", s)));
            }
        }

        @Test
        void numbersMustBeJsonNumbersNotStrings() {
            for (String s : List.of("\"12\"", "\"NaN\"", "\"Infinity\"", "true", "[12]")) {
                Problem p = badInteraction(watch(s));
                assertField("data.watchSeconds", p);
                assertTrue(p.detail().contains("must be a JSON number"), p.detail());
            }
            assertField("data.position", badInteraction(click("position", "\"2\"")));
            assertField("data.durationSeconds", badVideo(videoWith("durationSeconds", "\"60\"")));
        }

        @Test
        void timestampsMustBeRfc3339Strings() {
            assertField("data.occurredAt", badInteraction(click("occurredAt", "1764000000")));
            assertField("data.publishedAt", badVideo(videoWith("publishedAt", "{\"seconds\":5}")));
        }
    }

    @Nested
    class Nulls {
        @Test
        void nullMeansNotGiven() {
            var i = (Interaction) interaction(click("surface", "null")).getFirst().payload();
            assertEquals(dev.reelrank.proto.v1.Surface.surface_unspecified, i.getSurface());
            assertField("data.watchSeconds", badInteraction(
                    "{\"userId\":\"u1\",\"videoId\":\"v1\",\"action\":\"watch\",\"watchSeconds\":null}"));
            assertField("data.userId", badInteraction(click("userId", "null")));
        }
    }

    @Nested
    class Attributes {
        @Test
        void idAndSourceAreBounded() {
            String id = "e".repeat(limits.attributeMaxLength());
            structured(event(id, "video.interaction", click("surface", q("home"))));
            assertAttribute("id", rejected(() -> structured(event(id + "e", "video.interaction", click("surface", q("home"))))));
            String source = "/" + "s".repeat(limits.attributeMaxLength());
            assertAttribute("source", rejected(() -> structured(event("e1", "video.interaction", click("surface", q("home")))
                    .replace("\"/test\"", q(source)))));
        }

        @Test
        void idsWithControlCharactersAreRefused() {
            assertAttribute("id", rejected(() -> structured(event("e1\\nforged log line", "video.interaction", click("surface", q("home"))))));
        }

        @Test
        void binaryModeHeadersAreBoundedToo() {
            var headers = new LinkedHashMap<String, List<String>>();
            headers.put("ce-specversion", List.of("1.0"));
            headers.put("ce-id", List.of("e".repeat(70_000)));
            headers.put("ce-source", List.of("/test"));
            headers.put("ce-type", List.of("video.interaction"));
            Problem p = rejected(() -> ingestion.accept("application/json", headers, bytes(click("surface", q("home"))), RECEIVED));
            assertAttribute("id", p);
            assertTrue(p.detail().length() < 200, p.detail());
        }

        @Test
        void echoedValuesAreCut() {
            Problem type = rejected(() -> structured(event("e1", "video." + "x".repeat(70_000), click("surface", q("home")))));
            assertAttribute("type", type);
            assertTrue(type.detail().length() < 300, type.detail());
            Problem unknown = badInteraction(click("k".repeat(10_000), "1"));
            assertTrue(unknown.field().length() < 200 && unknown.detail().length() < 300, unknown.detail());
        }
    }

    @Nested
    class Batches {
        List<LoggedEvent> batch(String... events) {
            return ingestion.accept("application/cloudevents-batch+json", Map.of(),
                    bytes("[" + String.join(",", events) + "]"), RECEIVED);
        }

        @Test
        void aBadFieldIsNamedWithItsIndexAndNothingIsAccepted() {
            String good = event("a", "video.interaction", click("surface", q("home")));
            String bad = event("c", "video.interaction", click("userId", q("u".repeat(70_000))));
            Problem p = rejected(() -> batch(good, event("b", "video.published", videoWith("title", q("ok"))), bad));
            assertField("data.userId", p);
            assertEquals(2, p.index());
            Problem enumNumber = rejected(() -> batch(event("d", "video.interaction", click("surface", "1")), good));
            assertField("data.surface", enumNumber);
            assertEquals(0, enumNumber.index());
            Problem longId = rejected(() -> batch(good, event("i".repeat(limits.attributeMaxLength() + 1), "video.interaction",
                    click("surface", q("home")))));
            assertAttribute("id", longId);
            assertEquals(1, longId.index());
        }
    }
}
