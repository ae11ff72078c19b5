package dev.reelrank.functions.eventingestion;

import java.util.regex.Pattern;

/**
 * Bounds on what one event may hold, beyond its Protobuf type. They exist because every id
 * becomes a Kafka key and a Cassandra/Redis key downstream, where an oversize or odd value is not
 * rejected politely but stops the consumer; and because free text is copied into every feature
 * row of the video. Each number is a property of {@link IngestionSettings}.
 *
 * @param attributeMaxLength   longest CloudEvent {@code id} and {@code source} (chars)
 * @param idMaxLength          longest user, video, channel and request id (chars)
 * @param idPattern            the whole id must match it
 * @param codeMaxLength        longest device, region, language and category
 * @param titleMaxLength       longest video title
 * @param descriptionMaxLength longest video description
 * @param maxTags              most tags on one video
 * @param tagMaxLength         longest tag
 * @param maxWatchSeconds      largest watchSeconds
 * @param maxDurationSeconds   largest durationSeconds
 */
public record FieldLimits(int attributeMaxLength, int idMaxLength, Pattern idPattern, int codeMaxLength,
                          int titleMaxLength, int descriptionMaxLength, int maxTags, int tagMaxLength,
                          double maxWatchSeconds, int maxDurationSeconds) {
    public FieldLimits {
        positive(attributeMaxLength, "attributeMaxLength");
        positive(idMaxLength, "idMaxLength");
        positive(codeMaxLength, "codeMaxLength");
        positive(titleMaxLength, "titleMaxLength");
        positive(descriptionMaxLength, "descriptionMaxLength");
        positive(maxTags, "maxTags");
        positive(tagMaxLength, "tagMaxLength");
        positive(maxDurationSeconds, "maxDurationSeconds");
        if (idPattern == null) throw new IllegalArgumentException("idPattern is required");
        if (!(maxWatchSeconds > 0) || Double.isInfinite(maxWatchSeconds)) {
            throw new IllegalArgumentException("maxWatchSeconds must be a finite number > 0");
        }
    }

    private static void positive(long v, String name) {
        if (v <= 0) throw new IllegalArgumentException(name + " must be > 0");
    }
}
