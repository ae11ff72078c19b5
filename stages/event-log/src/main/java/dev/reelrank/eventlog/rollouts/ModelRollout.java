package dev.reelrank.eventlog.rollouts;

import dev.reelrank.eventlog.Topics;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Properties;

/**
 * The serving switch: "model version {@code version} of {@code model} is complete on the
 * {@code video-embeddings} topic and serves from now on". One record per model on the compacted
 * {@code model-rollouts} topic, keyed by the model name, so its latest value is the current
 * version. It is written only after every embedding of the version was acknowledged, so a reader
 * that sees it and then reads {@code video-embeddings} to its end offsets has the whole version.
 *
 * @param previous the version it replaces (what {@code scripts/model rollback} returns to), null for the first
 * @param videos   embeddings published for the version (for status and sanity checks)
 * @param reason   publish or rollback
 */
public record ModelRollout(String model, String version, String previous, long videos, Instant at, String reason) {
    public static final String TOPIC = Topics.MODEL_ROLLOUTS;
    public static final String TWO_TOWER = "two-tower";
    /** The ranking model (MMoE): its record carries no embeddings ({@code videos} 0). */
    public static final String RANKING = "mmoe";

    public ModelRollout {
        if (model == null || model.isBlank()) throw new IllegalArgumentException("model is required");
        if (version == null || version.isBlank()) throw new IllegalArgumentException("version is required");
    }

    /** A small text value ({@code key=value} lines): readable with the console consumer, no schema to share. */
    public byte[] toBytes() {
        var sb = new StringBuilder();
        sb.append("model=").append(model).append('\n').append("version=").append(version).append('\n');
        if (previous != null) sb.append("previous=").append(previous).append('\n');
        sb.append("videos=").append(videos).append('\n');
        if (at != null) sb.append("at=").append(at).append('\n');
        if (reason != null) sb.append("reason=").append(reason).append('\n');
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    public static ModelRollout fromBytes(byte[] value) {
        var p = new Properties();
        try {
            p.load(new StringReader(new String(value, StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String at = p.getProperty("at");
        return new ModelRollout(p.getProperty("model"), p.getProperty("version"), p.getProperty("previous"),
                Long.parseLong(p.getProperty("videos", "0")), at == null ? null : Instant.parse(at), p.getProperty("reason"));
    }
}
