package dataapi.auth;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What a role may call: a whole family ({@code connector}, {@code snowpark}) or a path pattern in
 * which {@code *} stands for part of one path segment and {@code **} for any number of segments,
 * such as {@code /connector/customers/*} or {@code /snowpark/**}.
 */
public record EndpointGrant(String text, Pattern pattern) {
    private static final Pattern FAMILY = Pattern.compile("[a-z][a-z0-9_]{0,63}");
    private static final Pattern PATH = Pattern.compile("/[A-Za-z0-9_./*{}-]{0,255}");

    public static EndpointGrant parse(String text) {
        String trimmed = text.trim();
        if (FAMILY.matcher(trimmed.toLowerCase(Locale.ROOT)).matches()) {
            String family = trimmed.toLowerCase(Locale.ROOT);
            return new EndpointGrant(family, Pattern.compile(Pattern.quote("/" + family + "/") + ".*"));
        }
        if (!PATH.matcher(trimmed).matches()) {
            throw new IllegalArgumentException("'" + text + "' is neither a family such as connector nor a path pattern such as /connector/customers/*");
        }
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < trimmed.length(); i++) {
            char c = trimmed.charAt(i);
            if (c == '*' && i + 1 < trimmed.length() && trimmed.charAt(i + 1) == '*') {
                regex.append(".*");
                i++;
            } else if (c == '*') {
                regex.append("[^/]*");
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return new EndpointGrant(trimmed, Pattern.compile(regex.toString()));
    }

    public boolean matches(String path) {
        return pattern.matcher(path).matches();
    }
}
