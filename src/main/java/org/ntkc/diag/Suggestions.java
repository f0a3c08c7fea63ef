package org.ntkc.diag;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/** "Did you mean …": the closest known name to a misspelt one, by optimal-string-alignment edit distance. */
public final class Suggestions {
    private Suggestions() {
    }

    /**
     * The candidate nearest to {@code typed}, if it is near enough to be a plausible typo: at most one edit for
     * names of up to four characters, two up to eight, three beyond (a swap of two neighbours counts as one).
     */
    public static Optional<String> closest(String typed, Collection<String> candidates) {
        String lower = typed.toLowerCase(Locale.ROOT);
        int limit = typed.length() <= 4 ? 1 : typed.length() <= 8 ? 2 : 3;
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String c : candidates) {
            int d = distance(lower, c.toLowerCase(Locale.ROOT));
            if (d < bestDistance || (d == bestDistance && best != null && c.compareTo(best) < 0)) {
                best = c;
                bestDistance = d;
            }
        }
        return best != null && bestDistance <= limit && !best.equals(typed) ? Optional.of(best) : Optional.empty();
    }

    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
