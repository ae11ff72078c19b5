package dev.reelrank.pipeline.world;

import java.util.List;

/** The fixed names of the generated world: categories, regions with their language and share of users, devices. */
public final class Vocabulary {
    private Vocabulary() {}

    public static final List<String> CATEGORIES = List.of("music", "gaming", "news", "sports", "comedy", "education",
            "science", "tech", "film", "autos", "travel", "food", "fitness", "beauty", "pets", "kids", "diy",
            "finance", "history", "vlogs");

    public record Region(String code, String language, double share) {}

    public static final List<Region> REGIONS = List.of(
            new Region("US", "en", 0.20), new Region("IN", "hi", 0.18), new Region("BR", "pt", 0.10),
            new Region("ID", "id", 0.08), new Region("MX", "es", 0.07), new Region("JP", "ja", 0.06),
            new Region("DE", "de", 0.05), new Region("GB", "en", 0.05), new Region("FR", "fr", 0.05),
            new Region("KR", "ko", 0.04), new Region("TR", "tr", 0.04), new Region("NG", "en", 0.04),
            new Region("ES", "es", 0.04));

    public static final List<String> LANGUAGES = REGIONS.stream().map(Region::language).distinct().toList();

    public static final List<String> DEVICES = List.of("mobile", "desktop", "tv", "tablet");
    public static final double[] DEVICE_SHARES = {0.62, 0.22, 0.10, 0.06};

    public static int languageIndex(String language) {
        return LANGUAGES.indexOf(language);
    }

    public static String topicName(int topic, int topicsPerCategory) {
        return CATEGORIES.get(topic / topicsPerCategory) + "-" + topic % topicsPerCategory;
    }
}
