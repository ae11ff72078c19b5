package dev.reelrank.functions.eventingestion;

import io.quarkus.runtime.configuration.MemorySizeConverter;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import java.util.regex.Pattern;

/** The field limits as application.properties ships them, so unit tests check the real defaults. */
final class ShippedConfig {
    private ShippedConfig() {}

    static FieldLimits fieldLimits() {
        var p = load();
        return new FieldLimits(
                integer(p, "attribute-max-length"), integer(p, "id-max-length"),
                Pattern.compile(value(p, "id-pattern")), integer(p, "code-max-length"),
                integer(p, "title-max-length"), integer(p, "description-max-length"),
                integer(p, "max-tags"), integer(p, "tag-max-length"),
                Double.parseDouble(value(p, "max-watch-seconds")), integer(p, "max-duration-seconds"));
    }

    /** The request limits as shipped (max-body-size in Quarkus's memory-size syntax, e.g. 1M). */
    static IngestionLimits limits() {
        var p = load();
        return new IngestionLimits(new MemorySizeConverter().convert(value(p, "max-body-size")).asLongValue(),
                integer(p, "max-batch-size"));
    }

    private static Properties load() {
        var p = new Properties();
        try (InputStream in = ShippedConfig.class.getResourceAsStream("/application.properties")) {
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }

    private static int integer(Properties p, String key) {
        return Integer.parseInt(value(p, key));
    }

    private static String value(Properties p, String key) {
        String v = p.getProperty("reelrank.ingestion." + key);
        if (v == null) throw new IllegalStateException("application.properties lacks reelrank.ingestion." + key);
        return v.trim();
    }
}
