package dev.reelrank.pipeline.datasets;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Dense int ids for strings, in first-seen order. Not thread-safe. */
public final class Interner {
    private final Map<String, Integer> index = new HashMap<>();
    private final List<String> values = new ArrayList<>();

    /** -1 for null or empty. */
    public int id(String value) {
        if (value == null || value.isEmpty()) return -1;
        Integer i = index.get(value);
        if (i != null) return i;
        index.put(value, values.size());
        values.add(value);
        return values.size() - 1;
    }

    public int find(String value) {
        Integer i = value == null ? null : index.get(value);
        return i == null ? -1 : i;
    }

    public int size() {
        return values.size();
    }

    public String value(int id) {
        return id < 0 ? null : values.get(id);
    }

    public String[] toArray() {
        return values.toArray(String[]::new);
    }

    public Map<String, Integer> index() {
        return index;
    }
}
