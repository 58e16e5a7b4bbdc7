package dataapi.declared;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The part of Java's regular expressions that JavaScript reads alike: a declared pattern is Java's
 * to the server and JavaScript's (ECMA-262, with Unicode) to whoever reads the API description,
 * as JSON Schema has it. The pattern has compiled in Java already, so telling its tokens apart is
 * enough: an escape, a character class, a group's opening, a quantifier.
 */
final class SharedRegexSyntax {
    /**
     * What may follow a backslash: a character that is syntax in both, one of the escapes both
     * read alike, a code unit in hexadecimal, or a Unicode general category such as {@code \p{Lu}}.
     */
    private static final Pattern SHARED_ESCAPE = Pattern.compile("[\\^$\\\\.*+?()\\[\\]{}|/dDwWtnrf]|x\\p{XDigit}{2}"
            + "|u\\p{XDigit}{4}|[pP]\\{[A-Z][a-z]?}");
    /** How much of an escape a message shows: {@code \p{javaLowerCase}}, {@code \pL}, {@code \x{41}}, or the backslash and one character. */
    private static final Pattern ESCAPE_TEXT = Pattern.compile("\\\\(?:[pPxN]\\{[^}]*}|[pP].|.)", Pattern.DOTALL);
    /** The groups both have: {@code (?:}, lookahead, lookbehind and named groups. */
    private static final Pattern SHARED_GROUP = Pattern.compile("\\(\\?(?:[:=!]|<[=!]|<[a-zA-Z])");

    private SharedRegexSyntax() {
    }

    /** The first construct of {@code pattern}, a Java regular expression, that JavaScript lacks or reads otherwise, if any. */
    static Optional<String> javaOnlyConstruct(String pattern) {
        boolean inClass = false;
        boolean inBraces = false;
        boolean afterQuantifier = false;
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            boolean quantifier = false;
            if (c == '\\') {
                Matcher escape = SHARED_ESCAPE.matcher(pattern).region(i + 1, pattern.length());
                if (escape.lookingAt()) {
                    i = escape.end() - 1;
                } else if (inClass && pattern.startsWith("-", i + 1)) {
                    // JavaScript takes \- in a class only.
                    i++;
                } else {
                    return Optional.of("the escape " + escapeText(pattern, i));
                }
            } else if (inClass) {
                if (c == '[') {
                    return Optional.of("a [ inside a character class");
                }
                if (pattern.startsWith("&&", i)) {
                    return Optional.of("the class intersection &&");
                }
                inClass = c != ']';
            } else if (c == '[') {
                inClass = true;
                i += pattern.startsWith("^", i + 1) ? 1 : 0;
                if (pattern.startsWith("]", i + 1)) {
                    return Optional.of("a ] first in a character class");
                }
            } else if (c == ']') {
                return Optional.of("a ] outside a character class");
            } else if (c == '(' && pattern.startsWith("?", i + 1)) {
                if (!SHARED_GROUP.matcher(pattern).region(i, pattern.length()).lookingAt()) {
                    return Optional.of((pattern.startsWith(">", i + 2) ? "the atomic group " : "the inline flags ")
                            + pattern.substring(i, Math.min(i + 3, pattern.length())));
                }
                i++;
            } else if (c == '{') {
                inBraces = true;
            } else if (c == '}') {
                if (!inBraces) {
                    return Optional.of("a } that closes no {n,m}");
                }
                inBraces = false;
                quantifier = true;
            } else if (c == '+' && afterQuantifier) {
                return Optional.of("the possessive quantifier " + pattern.substring(i - 1, i + 1));
            } else {
                quantifier = c == '*' || c == '+' || c == '?';
            }
            afterQuantifier = quantifier;
        }
        return Optional.empty();
    }

    private static String escapeText(String pattern, int backslash) {
        Matcher text = ESCAPE_TEXT.matcher(pattern).region(backslash, pattern.length());
        return text.lookingAt() ? text.group() : pattern.substring(backslash);
    }
}
