package dev.reelrank.rankingmodel;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The dense ids of one categorical field. Id 0 is shared by everything the model cannot tell apart:
 * values unseen (or too rare) in training, the empty "missing" value and padding rows, so a new video
 * or channel still gets a score from its other features. Immutable, so thread-safe.
 */
public final class Vocabulary {
    public static final int OOV = 0;

    private final List<String> values;          // values.get(i) has id i + 1
    private final Map<String, Integer> ids;

    private Vocabulary(List<String> values) {
        this.values = List.copyOf(values);
        this.ids = new HashMap<>(values.size() * 2);
        for (int i = 0; i < values.size(); i++) ids.put(values.get(i), i + 1);
    }

    /**
     * The most frequent values, ties broken by value so a rebuild from the same rows gives the same
     * ids; at least {@code minCount} rows each, at most {@code maxSize} ids including OOV. Values
     * with line breaks cannot be stored one per line, so they stay out of vocabulary.
     */
    public static Vocabulary fromCounts(Map<String, Long> counts, long minCount, int maxSize) {
        var entries = new ArrayList<Map.Entry<String, Long>>();
        for (var e : counts.entrySet()) {
            String v = e.getKey();
            if (v == null || v.isEmpty() || e.getValue() < minCount || v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0) continue;
            entries.add(e);
        }
        entries.sort(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()).thenComparing(Map.Entry.comparingByKey()));
        var values = new ArrayList<String>();
        for (var e : entries) {
            if (values.size() + 1 >= maxSize) break;
            values.add(e.getKey());
        }
        return new Vocabulary(values);
    }

    public static Vocabulary of(List<String> values) {
        return new Vocabulary(values);
    }

    public int id(String value) {
        if (value == null || value.isEmpty()) return OOV;
        Integer id = ids.get(value);
        return id == null ? OOV : id;
    }

    /** The value of an id, or null for OOV and ids out of range. */
    public String value(int id) {
        return id <= 0 || id > values.size() ? null : values.get(id - 1);
    }

    /** Ids including OOV: the field's number of embedding rows. */
    public int size() {
        return values.size() + 1;
    }

    public List<String> values() {
        return Collections.unmodifiableList(values);
    }

    /** One value per line in id order, starting at id 1. */
    public void write(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        var sb = new StringBuilder();
        for (String v : values) sb.append(v).append('\n');
        Files.writeString(file, sb, StandardCharsets.UTF_8);
    }

    public static Vocabulary read(Path file) throws IOException {
        var values = new ArrayList<String>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) if (!line.isEmpty()) values.add(line);
        return new Vocabulary(values);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Vocabulary v && v.values.equals(values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }
}
