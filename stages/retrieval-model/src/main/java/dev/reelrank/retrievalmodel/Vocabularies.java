package dev.reelrank.retrievalmodel;

import java.io.IOException;
import java.nio.file.Path;

/** The categorical vocabularies of the two towers, saved as {@code vocab/<name>.txt}. */
public record Vocabularies(Vocabulary videos, Vocabulary channels, Vocabulary categories, Vocabulary languages,
                           Vocabulary regions, Vocabulary devices) {

    static final String DIR = "vocab";

    public void write(Path artifactDir) throws IOException {
        Path d = artifactDir.resolve(DIR);
        videos.write(d.resolve("video_id.txt"));
        channels.write(d.resolve("channel.txt"));
        categories.write(d.resolve("category.txt"));
        languages.write(d.resolve("language.txt"));
        regions.write(d.resolve("region.txt"));
        devices.write(d.resolve("device.txt"));
    }

    public static Vocabularies read(Path artifactDir) throws IOException {
        Path d = artifactDir.resolve(DIR);
        return new Vocabularies(Vocabulary.read(d.resolve("video_id.txt")), Vocabulary.read(d.resolve("channel.txt")),
                Vocabulary.read(d.resolve("category.txt")), Vocabulary.read(d.resolve("language.txt")),
                Vocabulary.read(d.resolve("region.txt")), Vocabulary.read(d.resolve("device.txt")));
    }

    /** For warm starts: old ids keep their meaning, new values are appended up to the caps. */
    public Vocabularies extendedWith(Vocabularies fresh, int maxVideos, int maxOther) {
        return new Vocabularies(videos.extendedWith(fresh.videos, maxVideos), channels.extendedWith(fresh.channels, maxOther),
                categories.extendedWith(fresh.categories, maxOther), languages.extendedWith(fresh.languages, maxOther),
                regions.extendedWith(fresh.regions, maxOther), devices.extendedWith(fresh.devices, maxOther));
    }
}
