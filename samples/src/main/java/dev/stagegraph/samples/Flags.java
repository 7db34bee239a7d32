package dev.stagegraph.samples;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code --name value} and {@code --name=value} command-line flags, checked against the names a
 * sample accepts so a typo is an error, not a silent default. A flag given twice keeps every value
 * ({@link #getAll}); {@link #get} reads the last.
 */
public final class Flags {
    private final Map<String, List<String>> values = new HashMap<>();

    private Flags() {}

    /**
     * Parses the arguments.
     *
     * @param args the arguments after the sample's name
     * @param known the flag names the sample accepts, without dashes; a name ending in {@code ?}
     *     takes no value
     * @return the flags
     * @throws IllegalArgumentException naming an unknown flag or a missing value
     */
    public static Flags parse(String[] args, Set<String> known) {
        Flags f = new Flags();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument '" + a + "': flags look like --name value");
            }
            String name = a.substring(2);
            String value = null;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            }
            if (known.contains(name + "?")) {
                f.values.put(name, new ArrayList<>(List.of("true")));
                continue;
            }
            if (!known.contains(name)) {
                throw new IllegalArgumentException("unknown flag --" + name + "; known: " + known);
            }
            if (value == null) {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("flag --" + name + " needs a value");
                }
                value = args[++i];
            }
            f.values.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        }
        return f;
    }

    /**
     * A string flag.
     *
     * @param name the flag's name
     * @param fallback the value when absent
     * @return the value
     */
    public String get(String name, String fallback) {
        List<String> all = values.get(name);
        return all == null ? fallback : all.get(all.size() - 1);
    }

    /**
     * Every value a flag was given, in the order given, for flags that may repeat
     * ({@code --source A --source B}).
     *
     * @param name the flag's name
     * @return the values, empty when absent
     */
    public List<String> getAll(String name) {
        return List.copyOf(values.getOrDefault(name, List.of()));
    }

    /**
     * Whether a flag was given.
     *
     * @param name the flag's name
     * @return {@code true} if present
     */
    public boolean has(String name) {
        return values.containsKey(name);
    }

    /**
     * An integer flag.
     *
     * @param name the flag's name
     * @param fallback the value when absent
     * @return the value
     * @throws IllegalArgumentException if the value is not an integer
     */
    public int getInt(String name, int fallback) {
        if (!values.containsKey(name)) {
            return fallback;
        }
        String v = get(name, null);
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("flag --" + name + " needs a whole number, was '" + v + "'");
        }
    }
}
