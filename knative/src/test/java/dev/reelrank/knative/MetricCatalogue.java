package dev.reelrank.knative;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The series the functions record, read from the table in docs/metrics.md (the documentation is
 * the catalogue, so it cannot fall behind the dashboard), plus the few binder series from
 * Micrometer's JVM and HTTP binders that the dashboard uses.
 */
record MetricCatalogue(Map<String, Metric> metrics) {
    static final Path DOC = Manifests.REPOSITORY.resolve("docs/metrics.md");
    /** Labels every series has or Prometheus adds at scrape (and le, of a histogram's buckets). */
    static final Set<String> COMMON_LABELS = Set.of("function", "instance", "job", "namespace", "pod", "le");

    record Metric(String name, String type, Set<String> labels) {
        /** The names Prometheus exposes for it. */
        Set<String> series() {
            return switch (type) {
                case "histogram" -> Set.of(name + "_bucket", name + "_count", name + "_sum");
                case "summary" -> Set.of(name + "_count", name + "_sum", name + "_max");
                default -> Set.of(name);
            };
        }
    }

    static MetricCatalogue read() {
        List<String> lines;
        try {
            lines = Files.readAllLines(DOC);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        var out = new LinkedHashMap<String, Metric>();
        boolean in = false;
        for (String line : lines) {
            if (line.startsWith("<!-- catalogue")) { in = true; continue; }
            if (line.startsWith("<!-- /catalogue")) break;
            if (!in || !line.startsWith("| `")) continue;
            String[] cells = line.split("\\|");
            String name = cells[1].trim().replace("`", "");
            String type = cells[2].trim();
            var labels = new LinkedHashSet<String>();
            for (String l : cells[3].split(",")) if (!l.isBlank()) labels.add(l.trim());
            out.put(name, new Metric(name, type, labels));
        }
        if (out.isEmpty()) throw new IllegalStateException(DOC + " has no catalogue table between its markers");
        // Binder series (Micrometer's JVM and HTTP server metrics) the dashboard reads.
        out.put("jvm_memory_used_bytes", new Metric("jvm_memory_used_bytes", "gauge", Set.of("area", "id")));
        out.put("jvm_gc_pause_seconds", new Metric("jvm_gc_pause_seconds", "summary", Set.of("action", "cause", "gc")));
        out.put("http_server_requests_seconds", new Metric("http_server_requests_seconds", "histogram",
                Set.of("method", "uri", "status", "outcome")));
        return new MetricCatalogue(out);
    }

    /** The catalogued metric a series name belongs to, or null. */
    Metric ofSeries(String series) {
        for (Metric m : metrics.values()) if (m.series().contains(series)) return m;
        return null;
    }
}
