package dev.reelrank.retrievalmodel;

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
 * Maps the values of one categorical feature to dense ids. Id 0 is the out-of-vocabulary (and
 * padding) bucket: anything unseen in training, empty or null lands there, so a new video or
 * channel still gets a vector from its other features. Immutable, so thread-safe.
 */
public final class Vocabulary {
    public static final int OOV = 0;
    static final String OOV_TOKEN = "<oov>";

    private final List<String> tokens;          // index = id; tokens.get(0) is OOV_TOKEN
    private final Map<String, Integer> ids;

    private Vocabulary(List<String> tokens) {
        this.tokens = List.copyOf(tokens);
        this.ids = new HashMap<>(tokens.size() * 2);
        for (int i = 1; i < tokens.size(); i++) ids.put(tokens.get(i), i);
    }

    /**
     * The most frequent values (ties broken by value, so the result is deterministic), at
     * least {@code minCount} occurrences each, at most {@code maxSize} ids including OOV.
     */
    public static Vocabulary fromCounts(Map<String, Long> counts, long minCount, int maxSize) {
        var entries = new ArrayList<>(counts.entrySet());
        entries.removeIf(e -> e.getKey() == null || e.getKey().isEmpty() || e.getValue() < minCount);
        entries.sort(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()).thenComparing(Map.Entry.comparingByKey()));
        var tokens = new ArrayList<String>();
        tokens.add(OOV_TOKEN);
        for (var e : entries) {
            if (tokens.size() >= maxSize) break;
            tokens.add(e.getKey());
        }
        return new Vocabulary(tokens);
    }

    /** This vocabulary's ids unchanged, with new values appended (for warm starts). */
    public Vocabulary extendedWith(Vocabulary other, int maxSize) {
        var tokens = new ArrayList<>(this.tokens);
        for (int i = 1; i < other.tokens.size() && tokens.size() < maxSize; i++) {
            if (!ids.containsKey(other.tokens.get(i))) tokens.add(other.tokens.get(i));
        }
        return new Vocabulary(tokens);
    }

    public static Vocabulary of(List<String> values) {
        var tokens = new ArrayList<String>();
        tokens.add(OOV_TOKEN);
        tokens.addAll(values);
        return new Vocabulary(tokens);
    }

    public int id(String value) {
        if (value == null) return OOV;
        Integer id = ids.get(value);
        return id == null ? OOV : id;
    }

    public String token(int id) {
        return id <= 0 || id >= tokens.size() ? null : tokens.get(id);
    }

    /** Number of ids including the OOV bucket: the embedding table's row count. */
    public int size() {
        return tokens.size();
    }

    public List<String> values() {
        return Collections.unmodifiableList(tokens.subList(1, tokens.size()));
    }

    /** One value per line, in id order starting at id 1 (values never contain line breaks). */
    public void write(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        var sb = new StringBuilder();
        for (int i = 1; i < tokens.size(); i++) {
            String t = tokens.get(i);
            if (t.indexOf('\n') >= 0 || t.indexOf('\r') >= 0) throw new IllegalArgumentException("vocabulary value has a line break: " + t);
            sb.append(t).append('\n');
        }
        Files.writeString(file, sb, StandardCharsets.UTF_8);
    }

    public static Vocabulary read(Path file) throws IOException {
        var values = new ArrayList<String>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (!line.isEmpty()) values.add(line);
        }
        return of(values);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Vocabulary v && v.tokens.equals(tokens);
    }

    @Override
    public int hashCode() {
        return tokens.hashCode();
    }
}
