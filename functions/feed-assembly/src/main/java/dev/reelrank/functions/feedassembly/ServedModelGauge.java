package dev.reelrank.functions.feedassembly;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * {@code reelrank.model.served{model, version}} = 1 for the version served now. A switch removes the
 * old version's series rather than leaving it at 1, so {@code count by (version)} shows one version
 * per instance (a rollout in progress shows instances on both).
 */
final class ServedModelGauge {
    private final MeterRegistry registry;
    private final String model;
    private Gauge current;

    ServedModelGauge(MeterRegistry registry, String model) {
        this.registry = registry;
        this.model = model;
    }

    /** @param version served from now on; null: none (no series) */
    synchronized void serving(String version) {
        if (current != null) {
            if (current.getId().getTag("version").equals(version)) return;
            registry.remove(current);
            current = null;
        }
        if (version == null) return;
        current = Gauge.builder("reelrank.model.served", () -> 1).description("1 for the model version this instance serves")
                .tags("model", model, "version", version).strongReference(true).register(registry);
    }
}
