package dataapi.declared;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

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
    /** The opening of a lookahead or lookbehind, which JavaScript (with Unicode) does not let a quantifier follow. */
    private static final Pattern LOOKAROUND = Pattern.compile("\\(\\?<?[=!]");
    /** An escape that stands for a class of characters, which JavaScript (with Unicode) does not take as an end of a range. */
    private static final Pattern CLASS_ESCAPE = Pattern.compile("\\\\[dDwWpP].*");

    private SharedRegexSyntax() {
    }

    /** The first construct of {@code pattern}, a Java regular expression, that JavaScript lacks or reads otherwise, if any. */
    static Optional<String> javaOnlyConstruct(String pattern) {
        boolean inClass = false;
        ClassRanges ranges = new ClassRanges();
        boolean inBraces = false;
        boolean afterQuantifier = false;
        // Each open group's opening when it is a lookaround, else "".
        Deque<String> groups = new ArrayDeque<>();
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            boolean quantifier = false;
            if (c == '\\') {
                int backslash = i;
                Matcher escape = SHARED_ESCAPE.matcher(pattern).region(i + 1, pattern.length());
                if (escape.lookingAt()) {
                    i = escape.end() - 1;
                } else if (inClass && pattern.startsWith("-", i + 1)) {
                    // JavaScript takes \- in a class only.
                    i++;
                } else {
                    return Optional.of("the escape " + escapeText(pattern, i));
                }
                Optional<String> refused = inClass ? ranges.next(pattern.substring(backslash, i + 1)) : Optional.empty();
                if (refused.isPresent()) {
                    return refused;
                }
            } else if (inClass) {
                if (c == '[') {
                    return Optional.of("a [ inside a character class");
                }
                if (pattern.startsWith("&&", i)) {
                    return Optional.of("the class intersection &&");
                }
                inClass = c != ']';
                Optional<String> refused = inClass ? ranges.next(String.valueOf(c)) : Optional.empty();
                if (refused.isPresent()) {
                    return refused;
                }
            } else if (c == '[') {
                inClass = true;
                ranges = new ClassRanges();
                i += pattern.startsWith("^", i + 1) ? 1 : 0;
                if (pattern.startsWith("]", i + 1)) {
                    return Optional.of("a ] first in a character class");
                }
            } else if (c == ']') {
                return Optional.of("a ] outside a character class");
            } else if (c == '(' && pattern.startsWith("?", i + 1)) {
                Matcher group = SHARED_GROUP.matcher(pattern).region(i, pattern.length());
                if (!group.lookingAt()) {
                    return Optional.of((pattern.startsWith(">", i + 2) ? "the atomic group " : "the inline flags ")
                            + pattern.substring(i, Math.min(i + 3, pattern.length())));
                }
                groups.push(LOOKAROUND.matcher(group.group()).matches() ? group.group() : "");
                i++;
            } else if (c == '(') {
                groups.push("");
            } else if (c == ')') {
                // Java compiled the pattern, so every ) closes a group.
                String lookaround = groups.pop();
                if (!lookaround.isEmpty() && i + 1 < pattern.length() && "*+?{".indexOf(pattern.charAt(i + 1)) >= 0) {
                    return Optional.of("the quantified lookaround " + lookaround + "...)" + pattern.charAt(i + 1));
                }
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

    /**
     * The ranges of one character class, read as JavaScript reads them: an atom (a character or an
     * escape), a - and another atom are a range, and what follows starts afresh. Java reads a range
     * with a class escape at one end, such as {@code [\d-z]}, as the class, a - and the character;
     * JavaScript refuses it.
     */
    private static final class ClassRanges {
        /** The atom just read, which a - may make the start of a range; null after a range. */
        private String start;
        private boolean dash;

        /** Reads the next atom of the class, or an unescaped -; the construct, if it ends a range with a class escape at one end. */
        Optional<String> next(String atom) {
            if (dash) {
                String first = start;
                start = null;
                dash = false;
                return Stream.of(first, atom).filter(end -> CLASS_ESCAPE.matcher(end).matches()).findFirst()
                        .map(escape -> "the class escape " + escape + " as an end of the range " + first + "-" + atom);
            }
            if (atom.equals("-") && start != null) {
                dash = true;
            } else {
                start = atom;
            }
            return Optional.empty();
        }
    }
}
