package dev.reelrank.functions.eventingestion;

import dev.reelrank.proto.v1.Action;
import dev.reelrank.proto.v1.Interaction;
import dev.reelrank.proto.v1.NotInterestedTarget;
import dev.reelrank.proto.v1.VideoPublished;
import java.util.List;
import java.util.Set;

/**
 * The business rules of the two payloads, beyond what their Protobuf types say. Every rule
 * names the JSON field it is about. JSON types (string vs number, enum names) are checked
 * earlier, by {@link ProtoJson}; what remains is presence, sizes and ranges.
 */
final class PayloadRules {
    private final FieldLimits limits;

    PayloadRules(FieldLimits limits) {
        this.limits = limits;
    }

    void check(Interaction i, Set<String> present) {
        require(!i.getUserId().isBlank(), "userId", "userId is required");
        if (i.getAction() == Action.action_unspecified) {
            throw RejectedEventException.field("data.action", "action is required (e.g. \"watch\", \"click\", \"like\")");
        }
        id(i.getUserId(), "userId");
        id(i.getVideoId(), "videoId");
        id(i.getChannelId(), "channelId");
        id(i.getRequestId(), "requestId");
        boolean channelAction = i.getAction() == Action.subscribe || i.getAction() == Action.unsubscribe;
        if (channelAction) {
            require(!i.getChannelId().isBlank(), "channelId", "channelId is required for action " + i.getAction());
        } else {
            require(!i.getVideoId().isBlank(), "videoId", "videoId is required for action " + i.getAction());
        }
        if (i.getAction() == Action.watch) {
            require(present.contains("watchSeconds"), "watchSeconds", "watchSeconds is required for action watch");
        }
        double w = i.getWatchSeconds();
        require(Double.isFinite(w) && w >= 0 && w <= limits.maxWatchSeconds(), "watchSeconds",
                "watchSeconds must be a number from 0 to " + number(limits.maxWatchSeconds()) + ", got " + w);
        if (i.getAction() == Action.not_interested && i.getTarget() == NotInterestedTarget.channel) {
            require(!i.getChannelId().isBlank(), "channelId", "channelId is required for not_interested with target channel");
        }
        require(i.getPosition() >= 0, "position", "position must be >= 0, got " + i.getPosition());
        // UTC-12 to UTC+14 are the offsets in use: anything beyond is not a clock but noise in the hour feature.
        if (i.hasUtcOffsetMinutes()) {
            require(Math.abs(i.getUtcOffsetMinutes()) <= 14 * 60, "utcOffsetMinutes",
                    "utcOffsetMinutes must be from -840 to 840 (minutes east of UTC), got " + i.getUtcOffsetMinutes());
        }
        code(i.getDevice(), "device");
        code(i.getRegion(), "region");
        // Impressions may echo the feed item's source and the response's bucket: short labels like region.
        code(i.getSource(), "source");
        code(i.getBucket(), "bucket");
    }

    void check(VideoPublished v) {
        require(!v.getVideoId().isBlank(), "videoId", "videoId is required");
        require(!v.getChannelId().isBlank(), "channelId", "channelId is required");
        id(v.getVideoId(), "videoId");
        id(v.getChannelId(), "channelId");
        int d = v.getDurationSeconds();
        require(d >= 0 && d <= limits.maxDurationSeconds(), "durationSeconds",
                "durationSeconds must be from 0 to " + limits.maxDurationSeconds() + ", got " + d);
        text(v.getTitle(), "title", limits.titleMaxLength(), PrintableText.Kind.TEXT);
        text(v.getDescription(), "description", limits.descriptionMaxLength(), PrintableText.Kind.MULTILINE);
        tags(v.getTagsList());
        code(v.getCategory(), "category");
        code(v.getLanguage(), "language");
        code(v.getRegion(), "region");
    }

    /** An optional id ("" = not given): bounded, and of an alphabet every store downstream takes as a key. */
    private void id(String id, String field) {
        if (id.isEmpty()) return;
        require(id.length() <= limits.idMaxLength(), field,
                field + " has " + id.length() + " characters; the limit is " + limits.idMaxLength());
        require(limits.idPattern().matcher(id).matches(), field,
                field + " " + CloudEventReader.shown(id) + " has characters outside " + limits.idPattern().pattern());
    }

    private void code(String value, String field) {
        text(value, field, limits.codeMaxLength(), PrintableText.Kind.STRICT);
    }

    private void tags(List<String> tags) {
        require(tags.size() <= limits.maxTags(), "tags", "tags has " + tags.size() + " entries; the limit is " + limits.maxTags());
        for (int k = 0; k < tags.size(); k++) {
            int n = characters(tags.get(k));
            require(n <= limits.tagMaxLength(), "tags",
                    "tags[" + k + "] has " + n + " characters; the limit is " + limits.tagMaxLength());
            printable(tags.get(k), "tags", "tags[" + k + "]", PrintableText.Kind.TEXT);
        }
    }

    private static void text(String value, String field, int max, PrintableText.Kind kind) {
        int n = characters(value);
        require(n <= max, field, field + " has " + n + " characters; the limit is " + max);
        printable(value, field, field, kind);
    }

    private static void printable(String value, String field, String label, PrintableText.Kind kind) {
        int refused = PrintableText.firstRefused(value, kind);
        if (refused < 0) return;
        String which = switch (kind) {
            case STRICT -> "control, formatting, private-use and unassigned characters";
            case TEXT -> "control, private-use and unassigned characters";
            case MULTILINE -> "control characters other than line breaks and tabs, private-use and unassigned characters";
        };
        require(false, field, label + " holds the character " + PrintableText.name(refused) + "; " + which + " are not accepted");
    }

    /** Unicode characters, so that a title in emoji or CJK is held to the same limit as one in ASCII. */
    private static int characters(String s) {
        return s.codePointCount(0, s.length());
    }

    private static String number(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }

    private static void require(boolean ok, String field, String detail) {
        if (!ok) throw RejectedEventException.field("data." + field, detail);
    }
}
