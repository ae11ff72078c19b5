package dev.reelrank.retrievalmodel;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Tags are open-ended, so instead of a vocabulary they are hashed (FNV-1a over the lower-cased
 * UTF-8 bytes: stable across JVMs and languages) into buckets 1..buckets-1; 0 is padding.
 */
public final class TagHasher {
    private TagHasher() {}

    public static int bucket(String tag, int buckets) {
        byte[] bytes = tag.trim().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8);
        int h = 0x811c9dc5;
        for (byte b : bytes) {
            h ^= (b & 0xff);
            h *= 0x01000193;
        }
        return 1 + Integer.remainderUnsigned(h, buckets - 1);
    }
}
