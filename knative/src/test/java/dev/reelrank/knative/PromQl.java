package dev.reelrank.knative;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Just enough of PromQL to check an expression against the metric catalogue without a Prometheus:
 * brackets balance, every function is one PromQL has, every range duration is well formed, and the
 * names split into metrics (selectors) and labels (matchers, by/without/on/ignoring lists). A typo
 * in a metric or label then fails a test instead of drawing an empty panel or an alert that can
 * never fire. Not a parser: precedence and types are left to Prometheus.
 */
record PromQl(Set<String> metrics, Set<String> labels) {
    static final Set<String> FUNCTIONS = Set.of("rate", "irate", "increase", "delta", "deriv", "histogram_quantile",
            "sum", "max", "min", "avg", "count", "topk", "bottomk", "quantile", "abs", "clamp_min", "clamp_max",
            "label_replace", "max_over_time", "min_over_time", "avg_over_time", "absent", "vector", "scalar", "time",
            "changes", "resets", "predict_linear", "count_values", "stddev", "sgn", "round", "ceil", "floor");
    private static final Set<String> KEYWORDS = Set.of("by", "without", "on", "ignoring", "group_left", "group_right",
            "and", "or", "unless", "bool", "offset");
    private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"");
    private static final Pattern MATCHERS = Pattern.compile("\\{([^{}]*)}");
    private static final Pattern MATCHER = Pattern.compile("\\s*([a-zA-Z_][a-zA-Z0-9_]*)\\s*(=~|!~|!=|=)\\s*\"(?:[^\"\\\\]|\\\\.)*\"\\s*");
    private static final Pattern RANGE = Pattern.compile("\\[([^\\[\\]]*)]");
    private static final Pattern DURATION = Pattern.compile("(\\d+(ms|s|m|h|d|w|y))+|\\$__rate_interval|\\$__interval");
    private static final Pattern LABEL_LIST = Pattern.compile("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\(([^()]*)\\)");
    private static final Pattern NAME = Pattern.compile("\\$?[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern NUMBER = Pattern.compile("\\b\\d+(\\.\\d+)?(e[+-]?\\d+)?\\b");

    static PromQl parse(String expr) {
        checkBrackets(expr);
        var labels = new LinkedHashSet<String>();
        // Matchers first, while their quoted values are still there to be skipped as a whole.
        Matcher m = MATCHERS.matcher(expr);
        var sb = new StringBuilder();
        while (m.find()) {
            String body = m.group(1).trim();
            if (!body.isEmpty()) {
                for (String one : splitMatchers(body)) {
                    Matcher mm = MATCHER.matcher(one);
                    if (!mm.matches()) throw new IllegalArgumentException("bad label matcher '" + one + "' in " + expr);
                    labels.add(mm.group(1));
                }
            }
            m.appendReplacement(sb, " ");
        }
        m.appendTail(sb);
        String rest = STRING.matcher(sb.toString()).replaceAll(" ");
        Matcher r = RANGE.matcher(rest);
        while (r.find()) {
            String d = r.group(1).trim();
            if (!DURATION.matcher(d).matches()) throw new IllegalArgumentException("bad range duration [" + d + "] in " + expr);
        }
        rest = r.replaceAll(" ");
        Matcher l = LABEL_LIST.matcher(rest);
        var sb2 = new StringBuilder();
        while (l.find()) {
            for (String name : l.group(2).split(",")) if (!name.isBlank()) labels.add(name.trim());
            l.appendReplacement(sb2, " ");
        }
        l.appendTail(sb2);
        rest = NUMBER.matcher(sb2.toString()).replaceAll(" ");
        var metrics = new LinkedHashSet<String>();
        Matcher n = NAME.matcher(rest);
        while (n.find()) {
            String name = n.group();
            if (name.startsWith("$") || KEYWORDS.contains(name)) continue;
            boolean call = rest.substring(n.end()).stripLeading().startsWith("(");
            if (call) {
                if (!FUNCTIONS.contains(name)) throw new IllegalArgumentException("unknown function " + name + " in " + expr);
            } else {
                metrics.add(name);
            }
        }
        return new PromQl(metrics, labels);
    }

    private static List<String> splitMatchers(String body) {
        var out = new ArrayList<String>();
        var cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c == '\\' && quoted && i + 1 < body.length()) { cur.append(c).append(body.charAt(++i)); continue; }
            if (c == '"') quoted = !quoted;
            if (c == ',' && !quoted) { out.add(cur.toString()); cur.setLength(0); continue; }
            cur.append(c);
        }
        if (!cur.toString().isBlank()) out.add(cur.toString());
        return out;
    }

    private static void checkBrackets(String expr) {
        var stack = new ArrayList<Character>();
        boolean quoted = false;
        for (int i = 0; i < expr.length(); i++) {
            char c = expr.charAt(i);
            if (c == '\\' && quoted) { i++; continue; }
            if (c == '"') { quoted = !quoted; continue; }
            if (quoted) continue;
            if (c == '(' || c == '[' || c == '{') stack.add(c);
            if (c == ')' || c == ']' || c == '}') {
                char open = c == ')' ? '(' : c == ']' ? '[' : '{';
                if (stack.isEmpty() || stack.remove(stack.size() - 1) != open)
                    throw new IllegalArgumentException("unbalanced '" + c + "' at " + i + " in " + expr);
            }
        }
        if (quoted || !stack.isEmpty()) throw new IllegalArgumentException("unclosed bracket or string in " + expr);
    }
}
