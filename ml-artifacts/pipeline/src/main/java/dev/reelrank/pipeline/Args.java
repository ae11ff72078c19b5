package dev.reelrank.pipeline;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/** {@code --name value} and {@code --flag} options; unknown options are an error naming them. */
public final class Args {
    private final Map<String, String> values = new HashMap<>();
    private final Set<String> used = new HashSet<>();

    private final String line;

    public Args(String[] args, int from, Set<String> flags) {
        this.line = String.join(" ", java.util.Arrays.copyOfRange(args, from, args.length));
        for (int i = from; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("--")) throw new IllegalArgumentException("unexpected argument '" + a + "' (options are --name value)");
            String name = a.substring(2);
            int eq = name.indexOf('=');
            if (eq >= 0) values.put(name.substring(0, eq), name.substring(eq + 1));
            else if (flags.contains(name)) values.put(name, "true");
            else if (i + 1 < args.length) values.put(name, args[++i]);
            else throw new IllegalArgumentException("option --" + name + " needs a value");
        }
    }

    /** The options as given, for reports that say how to reproduce them. */
    public String line() {
        return line;
    }

    public String get(String name, String def) {
        used.add(name);
        return values.getOrDefault(name, def);
    }

    public String required(String name) {
        used.add(name);
        String v = values.get(name);
        if (v == null) throw new IllegalArgumentException("option --" + name + " is required");
        return v;
    }

    public int integer(String name, int def) {
        String v = get(name, null);
        try {
            return v == null ? def : Integer.parseInt(v.replace("_", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " must be an integer, was " + v);
        }
    }

    public long longValue(String name, long def) {
        String v = get(name, null);
        try {
            return v == null ? def : Long.parseLong(v.replace("_", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " must be an integer, was " + v);
        }
    }

    public double decimal(String name, double def) {
        String v = get(name, null);
        try {
            return v == null ? def : Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " must be a number, was " + v);
        }
    }

    public boolean flag(String name) {
        return Boolean.parseBoolean(get(name, "false"));
    }

    /** Call after reading every option: a misspelt option must not be silently ignored. */
    public void rejectUnknown() {
        for (String k : values.keySet()) {
            if (!used.contains(k)) throw new IllegalArgumentException("unknown option --" + k);
        }
    }
}
