package dev.reelrank.pipeline.datasets;

import dev.reelrank.pipeline.io.Csv;
import java.util.List;

/** Appends rows in the {@link DatasetFiles} formats; shared by the generator and the importers. */
public final class Rows {
    private Rows() {}

    public static void video(StringBuilder sb, String videoId, String channelId, String category, List<String> tags,
                             String language, String region, int durationSeconds, long publishedAtMs, String title) {
        Csv.field(sb, videoId).append(',');
        Csv.field(sb, channelId).append(',');
        Csv.field(sb, category).append(',');
        if (tags != null) Csv.field(sb, String.join("|", tags));
        sb.append(',');
        Csv.field(sb, language).append(',');
        Csv.field(sb, region).append(',');
        if (durationSeconds > 0) sb.append(durationSeconds);
        sb.append(',');
        if (publishedAtMs != Long.MIN_VALUE) sb.append(publishedAtMs);
        sb.append(',');
        Csv.field(sb, title == null ? null : title.replace('\n', ' ').replace('\r', ' ')).append('\n');
    }

    /**
     * @param watchTenths watch seconds × 10 (one decimal is plenty), negative for none
     * @param position    negative for none
     * @param occurredAt  Long.MIN_VALUE for none
     */
    public static void interaction(StringBuilder sb, String userId, String videoId, String action, long watchTenths,
                                   String surface, int position, String requestId, long occurredAt, String device,
                                   String region, String target, String channelId) {
        row(sb, userId, videoId, action, watchTenths, surface, position, requestId, occurredAt, device, region, target, channelId);
        sb.append('\n');
    }

    /** A row with the trailing {@link DatasetFiles#UTC_OFFSET_COLUMN} (empty when unknown). */
    public static void interaction(StringBuilder sb, String userId, String videoId, String action, long watchTenths,
                                   String surface, int position, String requestId, long occurredAt, String device,
                                   String region, String target, String channelId, Integer utcOffsetMinutes) {
        row(sb, userId, videoId, action, watchTenths, surface, position, requestId, occurredAt, device, region, target, channelId);
        sb.append(',');
        if (utcOffsetMinutes != null) sb.append(utcOffsetMinutes.intValue());
        sb.append('\n');
    }

    private static void row(StringBuilder sb, String userId, String videoId, String action, long watchTenths,
                            String surface, int position, String requestId, long occurredAt, String device,
                            String region, String target, String channelId) {
        sb.append(userId).append(',');
        if (videoId != null) sb.append(videoId);
        sb.append(',').append(action).append(',');
        if (watchTenths >= 0) sb.append(watchTenths / 10).append('.').append(watchTenths % 10);
        sb.append(',');
        if (surface != null) sb.append(surface);
        sb.append(',');
        if (position >= 0) sb.append(position);
        sb.append(',');
        if (requestId != null) sb.append(requestId);
        sb.append(',');
        if (occurredAt != Long.MIN_VALUE) sb.append(occurredAt);
        sb.append(',');
        if (device != null) sb.append(device);
        sb.append(',');
        if (region != null) sb.append(region);
        sb.append(',');
        if (target != null) sb.append(target);
        sb.append(',');
        if (channelId != null) sb.append(channelId);
    }
}
