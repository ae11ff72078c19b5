package dev.reelrank.knative;

import io.fabric8.knative.serving.v1.Service;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** One rendered deployment (base or an overlay) as typed resources, with the look-ups the tests share. */
record Deployment(String name, List<HasMetadata> resources) {
    static final List<String> FUNCTIONS = List.of("event-ingestion", "feed-assembly", "re-ranking", "embedding-refresh", "event-archiver");
    /** On the request path of a feed: never scaled to zero outside a local cluster. */
    static final List<String> WARM = List.of("feed-assembly", "re-ranking");
    static final List<String> PUBLIC = List.of("event-ingestion", "feed-assembly");

    static Deployment render(String name, Path dir) {
        return new Deployment(name, Manifests.typed(OverlayRenderer.render(dir)));
    }

    static Deployment base() {
        return render("base", Manifests.BASE);
    }

    static Deployment local() {
        return render("local", Manifests.LOCAL);
    }

    static Deployment production() {
        return render("production", Manifests.PRODUCTION);
    }

    static List<Deployment> all() {
        return List.of(base(), local(), production());
    }

    <T extends HasMetadata> List<T> all(Class<T> type) {
        return resources.stream().filter(type::isInstance).map(type::cast).toList();
    }

    <T extends HasMetadata> T get(Class<T> type, String resourceName) {
        return all(type).stream().filter(r -> r.getMetadata().getName().equals(resourceName)).findFirst()
                .orElseThrow(() -> new AssertionError(name + ": no " + type.getSimpleName() + " " + resourceName));
    }

    Service service(String function) {
        return get(Service.class, function);
    }

    static Container container(Service s) {
        List<Container> containers = s.getSpec().getTemplate().getSpec().getContainers();
        if (containers.size() != 1) throw new AssertionError(s.getMetadata().getName() + ": one container expected");
        return containers.get(0);
    }

    static Map<String, EnvVar> env(Container c) {
        var out = new LinkedHashMap<String, EnvVar>();
        if (c.getEnv() != null) c.getEnv().forEach(e -> out.put(e.getName(), e));
        return out;
    }

    static String annotation(Service s, String key) {
        return Optional.ofNullable(s.getSpec().getTemplate().getMetadata().getAnnotations()).map(a -> a.get(key)).orElse(null);
    }

    Map<String, String> config() {
        return get(ConfigMap.class, "reelrank-config").getData();
    }
}
