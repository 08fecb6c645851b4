package io.gearpump.core.config;

import java.util.Collection;
import java.util.Optional;

/**
 * The known name closest to a mistyped one, for a "did you mean ...?" hint: configuration keys,
 * command-line options. Close means at most three single-character edits away, and at most half the
 * typed name's length: otherwise any short word would be "close" to any short option ({@code -foo}
 * is three edits from {@code -conf}).
 */
public final class ClosestName {

    private static final int MAX_EDITS = 3;

    private ClosestName() {
    }

    /** The name of {@code known} fewest edits away from {@code typed}, if it is close enough to be a typo of it. */
    public static Optional<String> of(String typed, Collection<String> known) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String name : known) {
            int d = editDistance(typed, name);
            if (d < bestDistance) {
                bestDistance = d;
                best = name;
            }
        }
        return bestDistance <= Math.min(MAX_EDITS, typed.length() / 2) ? Optional.of(best) : Optional.empty();
    }

    /** {@code " (did you mean 'NAME'?)"} with the closest known name, or nothing when none is close. */
    public static String hint(String typed, Collection<String> known) {
        return of(typed, known).map(name -> " (did you mean '" + name + "'?)").orElse("");
    }

    /** Levenshtein distance: insertions, deletions and substitutions of one character each count 1. */
    static int editDistance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitute = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                cur[j] = Math.min(substitute, Math.min(prev[j], cur[j - 1]) + 1);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
