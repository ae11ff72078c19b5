package dev.reelrank.knative;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.openshift.api.model.monitoring.v1.PodMonitor;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * knative/monitoring, checked as files (no Prometheus or Grafana here): the kustomization renders
 * to the Prometheus Operator's and Kubernetes' typed models, and every query of the dashboard and
 * the alert rules names only series and labels the functions record (docs/metrics.md).
 */
class MonitoringTest {
    static final Path DIR = Manifests.ROOT.resolve("monitoring");
    static final Path DASHBOARD = DIR.resolve("reelrank-dashboard.json");
    static final Path RULES = DIR.resolve("alert-rules.yaml");
    private static final Pattern DURATION = Pattern.compile("(\\d+(ms|s|m|h|d|w|y))+");
    private static final Pattern RUNBOOK = Pattern.compile("knative/monitoring/README\\.md#([a-z0-9-]+)");
    /** Series recorded for debugging that no panel or alert needs. */
    private static final Set<String> NOT_ON_A_PANEL = Set.of("reelrank_drift_rows_total");

    private final MetricCatalogue catalogue = MetricCatalogue.read();

    @Test
    void theMonitoringKustomizationRendersToTypedResources() {
        List<HasMetadata> resources = Manifests.typed(OverlayRenderer.render(DIR));
        Deployment d = new Deployment("monitoring", resources);
        PodMonitor pm = d.get(PodMonitor.class, "reelrank-functions");
        assertEquals("user-port", pm.getSpec().getPodMetricsEndpoints().get(0).getPort(),
                "Knative names a revision's container port user-port");
        assertEquals("/q/metrics", pm.getSpec().getPodMetricsEndpoints().get(0).getPath());
        var selected = new HashSet<>(pm.getSpec().getSelector().getMatchExpressions().get(0).getValues());
        assertEquals(new HashSet<>(Deployment.FUNCTIONS), selected, "every function is scraped");
        assertNotNull(d.get(PrometheusRule.class, "reelrank-alerts"));
        ConfigMap dashboard = d.get(ConfigMap.class, "reelrank-grafana-dashboard");
        assertEquals("1", dashboard.getMetadata().getLabels().get("grafana_dashboard"), "Grafana's sidecar picks it up");
        assertEquals("reelrank", dashboard.getMetadata().getNamespace());
        assertTrue(dashboard.getData().get("reelrank-dashboard.json").contains("\"uid\": \"reelrank-overview\""));
    }

    @Test
    void theDashboardIsAGrafanaDashboardWithUniquePanelsOnTheGrid() throws Exception {
        JsonNode dash = new ObjectMapper().readTree(DASHBOARD.toFile());
        assertEquals("reelrank-overview", dash.path("uid").asText());
        assertFalse(dash.path("title").asText().isBlank());
        boolean datasourceVariable = false;
        for (JsonNode v : dash.path("templating").path("list")) datasourceVariable |= "datasource".equals(v.path("type").asText());
        assertTrue(datasourceVariable, "a data source variable, so the JSON imports into any Grafana");
        var ids = new HashSet<Integer>();
        int queries = 0;
        for (JsonNode p : dash.path("panels")) {
            assertTrue(ids.add(p.path("id").asInt()), "panel id " + p.path("id") + " is unique");
            JsonNode g = p.path("gridPos");
            assertTrue(g.path("x").asInt() + g.path("w").asInt() <= 24, p.path("title") + " fits the 24-column grid");
            if ("row".equals(p.path("type").asText())) continue;
            assertFalse(p.path("title").asText().isBlank());
            assertEquals("${datasource}", p.path("datasource").path("uid").asText(), p.path("title").asText());
            assertTrue(p.path("targets").size() > 0, p.path("title") + " has a query");
            for (JsonNode t : p.path("targets")) {
                assertFalse(t.path("expr").asText().isBlank(), p.path("title") + " query " + t.path("refId"));
                queries++;
            }
        }
        assertTrue(queries >= 15, "the dashboard covers the catalogue (" + queries + " queries)");
    }

    @Test
    void everyQueryNamesOnlyCataloguedSeriesAndTheirLabels() throws Exception {
        var failures = new ArrayList<String>();
        Map<String, Set<String>> recorded = recordingRules();
        for (String expr : dashboardExprs()) check(expr, recorded, failures);
        for (JsonNode rule : rules()) check(rule.path("expr").asText(), recorded, failures);
        assertEquals(List.of(), failures);
    }

    @Test
    void everyCataloguedMetricIsOnTheDashboardOrInAnAlert() throws Exception {
        var used = new HashSet<String>();
        Map<String, Set<String>> recorded = recordingRules();
        var exprs = new ArrayList<>(dashboardExprs());
        for (JsonNode rule : rules()) exprs.add(rule.path("expr").asText());
        for (String e : exprs) {
            for (String s : PromQl.parse(e).metrics()) {
                MetricCatalogue.Metric m = catalogue.ofSeries(s);
                if (m != null) used.add(m.name());
            }
        }
        var missing = new ArrayList<String>();
        for (String name : catalogue.metrics().keySet())
            if (name.startsWith("reelrank_") && !used.contains(name) && !NOT_ON_A_PANEL.contains(name)) missing.add(name);
        assertEquals(List.of(), missing, "recorded but never looked at");
        assertFalse(recorded.isEmpty());
    }

    @Test
    void everyAlertHasADurationASeverityASummaryAndARunbookThatExists() throws Exception {
        String readme = Files.readString(DIR.resolve("README.md"));
        var anchors = new HashSet<String>();
        for (String line : readme.split("\n"))
            if (line.startsWith("#")) anchors.add(line.replaceFirst("^#+\\s*", "").toLowerCase().replaceAll("[^a-z0-9 -]", "").replace(' ', '-'));
        var names = new HashSet<String>();
        int alerts = 0;
        for (JsonNode rule : rules()) {
            if (!rule.has("alert")) continue;
            alerts++;
            String name = rule.path("alert").asText();
            assertTrue(names.add(name), "alert " + name + " is defined once");
            assertTrue(DURATION.matcher(rule.path("for").asText()).matches(), name + " has a for: duration");
            assertTrue(Set.of("warning", "critical").contains(rule.path("labels").path("severity").asText()), name + " severity");
            assertFalse(rule.path("annotations").path("summary").asText().isBlank(), name + " summary");
            var m = RUNBOOK.matcher(rule.path("annotations").path("runbook").asText());
            assertTrue(m.matches(), name + " runbook points into knative/monitoring/README.md");
            assertTrue(anchors.contains(m.group(1)), name + ": README.md has no section #" + m.group(1));
        }
        for (String expected : List.of("ReelrankFeedLatencyHigh", "ReelrankFeedFallbackRateHigh", "ReelrankConsumerLagHigh",
                "ReelrankFeatureDrift"))
            assertTrue(names.contains(expected), "the issue asks for " + expected);
        assertTrue(alerts >= 8);
    }

    /**
     * promtool, where it is installed (Debian's prometheus package has it), is the real check: the
     * rules' syntax and templates, and alert-rules.test.yaml's unit tests (series in, the alerts
     * that fire with their labels and rendered annotations out).
     */
    @Test
    void promtoolAcceptsTheRulesAndTheirUnitTestsPassWhereItIsInstalled() throws Exception {
        String promtool = onPath("promtool");
        assumeTrue(promtool != null, "promtool is not on PATH here: the rules were checked by PromQl only");
        Path dir = Files.createTempDirectory("reelrank-rules");
        try {
            ObjectNode spec = (ObjectNode) Yaml.documents(RULES).get(0).path("spec");
            Files.writeString(dir.resolve("alert-rules.rules.yaml"), Yaml.MAPPER.writeValueAsString(spec));
            Files.copy(DIR.resolve("alert-rules.test.yaml"), dir.resolve("alert-rules.test.yaml"));
            run(dir, promtool, "check", "rules", "alert-rules.rules.yaml");
            run(dir, promtool, "test", "rules", "alert-rules.test.yaml");
        } finally {
            try (var files = Files.list(dir)) {
                for (Path f : files.toList()) Files.delete(f);
            }
            Files.delete(dir);
        }
    }

    @Test
    void theRuleUnitTestsOnlyUseCataloguedSeries() {
        var failures = new ArrayList<String>();
        for (JsonNode test : Yaml.documents(DIR.resolve("alert-rules.test.yaml")).get(0).path("tests"))
            for (JsonNode in : test.path("input_series")) check(in.path("series").asText(), Map.of(), failures);
        assertEquals(List.of(), failures);
    }

    private static void run(Path dir, String... command) throws Exception {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), String.join(" ", command) + ":\n" + out);
    }

    private void check(String expr, Map<String, Set<String>> recorded, List<String> failures) {
        PromQl q;
        try {
            q = PromQl.parse(expr);
        } catch (IllegalArgumentException e) {
            failures.add(e.getMessage());
            return;
        }
        var allowed = new LinkedHashSet<>(MetricCatalogue.COMMON_LABELS);
        for (String s : q.metrics()) {
            MetricCatalogue.Metric m = catalogue.ofSeries(s);
            if (m != null) allowed.addAll(m.labels());
            else if (recorded.containsKey(s)) allowed.addAll(recorded.get(s));
            else failures.add("unknown series " + s + " in " + expr);
        }
        for (String l : q.labels()) if (!allowed.contains(l)) failures.add("label " + l + " is on none of " + q.metrics() + " in " + expr);
    }

    private List<String> dashboardExprs() throws Exception {
        var out = new ArrayList<String>();
        JsonNode dash = new ObjectMapper().readTree(DASHBOARD.toFile());
        for (JsonNode p : dash.path("panels")) for (JsonNode t : p.path("targets")) out.add(t.path("expr").asText());
        for (JsonNode v : dash.path("templating").path("list")) {
            String def = v.path("definition").asText();
            if (def.startsWith("label_values(")) out.add(def.substring("label_values(".length(), def.indexOf(',')));
        }
        return out;
    }

    private static List<JsonNode> rules() {
        var out = new ArrayList<JsonNode>();
        for (JsonNode g : Yaml.documents(RULES).get(0).path("spec").path("groups")) g.path("rules").forEach(out::add);
        return out;
    }

    /** Recording rules are series too: their labels are those their expression keeps. */
    private Map<String, Set<String>> recordingRules() {
        var out = new HashMap<String, Set<String>>();
        for (JsonNode r : rules()) if (r.has("record")) out.put(r.path("record").asText(), PromQl.parse(r.path("expr").asText()).labels());
        return out;
    }

    private static String onPath(String exe) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            File f = new File(dir, exe);
            if (f.canExecute()) return f.getPath();
        }
        return null;
    }
}
