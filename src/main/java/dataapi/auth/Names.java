package dataapi.auth;

import java.util.Locale;
import java.util.regex.Pattern;

/** User, role and PAT names: case-insensitive like unquoted Snowflake identifiers, so kept upper case. */
public final class Names {
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_$.@-]{0,127}");

    private Names() {
    }

    public static String of(String kind, String name) {
        if (name == null || !NAME.matcher(name.trim()).matches()) {
            throw new IllegalArgumentException("A " + kind + " name starts with a letter or _ and has at most 128 letters, digits or _$.@- characters.");
        }
        return name.trim().toUpperCase(Locale.ROOT);
    }
}
