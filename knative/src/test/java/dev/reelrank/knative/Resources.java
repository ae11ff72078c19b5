package dev.reelrank.knative;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;
import java.util.Map;

/** Resource requests and limits: present, consistent, and within what one node can give a pod. */
final class Resources {
    static final BigDecimal MI = BigDecimal.valueOf(1024L * 1024);
    /** Below this no JVM of ours starts (the smallest measured heap is 256 MB). */
    static final BigDecimal MIN_MEMORY = MI.multiply(BigDecimal.valueOf(256));
    static final BigDecimal MAX_MEMORY = MI.multiply(BigDecimal.valueOf(8 * 1024));
    static final BigDecimal MAX_CPU = BigDecimal.valueOf(8);

    private Resources() {}

    static void assertBounded(String what, Container c) {
        var r = c.getResources();
        assertNotNull(r, what + " resources");
        Map<String, Quantity> req = r.getRequests();
        Map<String, Quantity> lim = r.getLimits();
        assertTrue(req != null && lim != null, what + ": requests and limits");
        for (String key : new String[] {"cpu", "memory"}) {
            assertTrue(req.containsKey(key) && lim.containsKey(key), what + ": " + key + " requested and limited");
            assertTrue(amount(req.get(key)).compareTo(amount(lim.get(key))) <= 0, what + ": " + key + " request above its limit");
            assertTrue(amount(req.get(key)).signum() > 0, what + ": " + key + " request");
        }
        assertTrue(amount(lim.get("cpu")).compareTo(MAX_CPU) <= 0, what + ": cpu limit " + lim.get("cpu"));
        BigDecimal memory = amount(lim.get("memory"));
        assertTrue(memory.compareTo(MIN_MEMORY) >= 0 && memory.compareTo(MAX_MEMORY) <= 0, what + ": memory limit " + lim.get("memory"));
    }

    static BigDecimal amount(Quantity q) {
        return q.getNumericalAmount();
    }

    static BigDecimal memoryLimit(Container c) {
        return amount(c.getResources().getLimits().get("memory"));
    }
}
