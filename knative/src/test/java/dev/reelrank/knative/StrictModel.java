package dev.reelrank.knative;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import io.fabric8.knative.eventing.v1alpha1.KafkaSink;
import io.fabric8.knative.serving.v1.Service;
import io.fabric8.knative.sources.v1beta1.KafkaSource;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.openshift.api.model.monitoring.v1.PodMonitor;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a manifest into fabric8's typed model of its kind and rejects anything the model does not
 * know. FAIL_ON_UNKNOWN_PROPERTIES alone is not enough: fabric8's generated classes catch unknown
 * keys in an {@code additionalProperties} map (a JSON any-setter) instead of failing, so every
 * object reached from the resource is also searched for a non-empty one.
 */
final class StrictModel {
    /** The kinds this deployment may use; any other apiVersion/kind is an error, not a pass. */
    static final Map<String, Class<? extends HasMetadata>> KINDS = Map.of(
            "v1/ConfigMap", ConfigMap.class,
            "v1/PersistentVolumeClaim", PersistentVolumeClaim.class,
            // Known so that the secret check can report it (the deployment never ships one with data).
            "v1/Secret", Secret.class,
            "apps/v1/StatefulSet", StatefulSet.class,
            "serving.knative.dev/v1/Service", Service.class,
            "sources.knative.dev/v1beta1/KafkaSource", KafkaSource.class,
            "eventing.knative.dev/v1alpha1/KafkaSink", KafkaSink.class,
            "monitoring.coreos.com/v1/PodMonitor", PodMonitor.class,
            "monitoring.coreos.com/v1/PrometheusRule", PrometheusRule.class);

    private StrictModel() {}

    static HasMetadata parse(JsonNode doc) {
        String key = doc.path("apiVersion").asText() + "/" + doc.path("kind").asText();
        Class<? extends HasMetadata> type = KINDS.get(key);
        if (type == null) throw new IllegalArgumentException("unexpected apiVersion/kind " + key);
        HasMetadata resource;
        try {
            resource = Yaml.MAPPER.treeToValue(doc, type);
        } catch (Exception e) {
            throw new IllegalArgumentException(key + ": " + e.getMessage(), e);
        }
        List<String> unknown = new ArrayList<>();
        collectUnknown(resource, key, unknown, new IdentityHashMap<>());
        if (!unknown.isEmpty()) throw new IllegalArgumentException(
                key + " " + resource.getMetadata().getName() + ": fields unknown to the schema: " + unknown);
        return resource;
    }

    /** Walks the Jackson properties of every fabric8 object and lists the keys its any-setter swallowed. */
    private static void collectUnknown(Object value, String path, List<String> out, IdentityHashMap<Object, Boolean> seen) {
        if (value == null || value instanceof String || value instanceof Number || value instanceof Boolean
                || value instanceof Enum<?> || seen.put(value, Boolean.TRUE) != null) return;
        if (value instanceof Collection<?> c) {
            int i = 0;
            for (Object item : c) collectUnknown(item, path + "[" + i++ + "]", out, seen);
            return;
        }
        if (value instanceof Map<?, ?> m) {
            m.forEach((k, v) -> collectUnknown(v, path + "." + k, out, seen));
            return;
        }
        if (!value.getClass().getName().startsWith("io.fabric8.")) return;
        BeanDescription bean = Yaml.MAPPER.getSerializationConfig().introspect(Yaml.MAPPER.constructType(value.getClass()));
        for (BeanPropertyDefinition p : bean.findProperties()) {
            if (p.getGetter() == null) continue;
            collectUnknown(p.getGetter().getValue(value), path + "." + p.getName(), out, seen);
        }
        if (bean.findAnyGetter() != null && bean.findAnyGetter().getValue(value) instanceof Map<?, ?> extra && !extra.isEmpty())
            extra.keySet().forEach(k -> out.add(path + "." + k));
    }
}
