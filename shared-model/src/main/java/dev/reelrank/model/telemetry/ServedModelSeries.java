package dev.reelrank.model.telemetry;

import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * {@code reelrank.model.served{model, version}} = 1 for the version one instance serves now. A switch
 * removes the old version's series rather than leaving it at 1, so {@code count by (version)} shows one
 * version per instance (a rollout in progress shows instances on both). The metrics library arrives
 * as two functions, so the rule lives once for every function that serves a model.
 *
 * @param <S> the metrics library's handle of one registered series
 */
public final class ServedModelSeries<S> {
    public static final String NAME = "reelrank.model.served";
    public static final String DESCRIPTION = "1 for the model version this instance serves";

    private final String model;
    private final Function<List<String>, S> register;
    private final Consumer<S> remove;
    private String version;
    private S current;

    /**
     * @param model the {@code model} tag: {@code retrieval} or {@code ranking}
     * @param register registers the gauge {@link #NAME} = 1 with these tags (name, value, name, value) and returns its handle
     * @param remove removes a series {@code register} returned
     */
    public ServedModelSeries(String model, Function<List<String>, S> register, Consumer<S> remove) {
        this.model = model;
        this.register = register;
        this.remove = remove;
    }

    /** @param next served from now on; null: none (no series) */
    public synchronized void serving(String next) {
        if (current != null) {
            if (version.equals(next)) return;
            remove.accept(current);
            current = null;
            version = null;
        }
        if (next == null) return;
        current = register.apply(List.of("model", model, "version", next));
        version = next;
    }
}
