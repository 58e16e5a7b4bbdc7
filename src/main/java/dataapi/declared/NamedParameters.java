package dataapi.declared;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * A declared endpoint's SQL with {@code :name} markers turned into JDBC's {@code ?}, and the
 * names in the order of the markers. A colon is text inside a quoted string (an escape string
 * such as {@code E'it\'s'} included) or identifier, a dollar-quoted string or a comment (block
 * comments nest, as DuckDB and PostgreSQL read them), in a {@code ::} cast, and right after a
 * name or a closing bracket ({@code v:field}, {@code list[1:n]}). The SQL must be one query
 * (SELECT or WITH), without {@code ?} or {@code $1} markers of its own. Dialects differ beyond
 * this (backslash escapes in all of Snowflake's strings, DuckDB's {@code $name} parameters),
 * which is why the warehouse's own count of values is checked against the markers at start.
 *
 * @param sql the text as JDBC takes it
 * @param names the parameter name of each {@code ?}, in order; a name used twice appears twice
 * @param rowCounts the names of the markers that come right after LIMIT, OFFSET or FETCH FIRST (or
 *                  NEXT), whose value is a number of rows, which the warehouse refuses negative
 * @param rowLimits those of {@code rowCounts} that LIMIT or FETCH reads: the most rows the query returns
 */
public record NamedParameters(String sql, List<String> names, Set<String> rowCounts, Set<String> rowLimits) {
    /** Keywords of statements that change data or the session, which a query never holds outside its strings. */
    private static final Set<String> WRITES = Set.of("INSERT", "UPDATE", "DELETE", "MERGE", "UPSERT", "CREATE", "DROP", "ALTER",
            "TRUNCATE", "COPY", "ATTACH", "DETACH", "GRANT", "REVOKE", "CALL", "PRAGMA", "INSTALL", "LOAD", "EXPORT", "IMPORT",
            "VACUUM", "CHECKPOINT");

    public NamedParameters {
        requireNonNull(sql, "sql is null");
        names = List.copyOf(names);
        rowCounts = Set.copyOf(rowCounts);
        rowLimits = Set.copyOf(rowLimits);
    }

    public static NamedParameters parse(String text) {
        refuseControlCharacters(text);
        return new Scan(text).read();
    }

    /** One reading of a declared SQL text, token by token, as {@link #parse} makes it. */
    private static final class Scan {
        private final String text;
        private final StringBuilder sql;
        private final List<String> names = new ArrayList<>();
        private final Set<String> rowCounts = new LinkedHashSet<>();
        private final Set<String> rowLimits = new LinkedHashSet<>();
        // The last two words, in upper case, with nothing but whitespace, comments and ( after them; null when something else came.
        private String lastWord;
        private String wordBefore;
        private String firstWord;
        // Whether anything but whitespace and comments came before: the query's first word must be its first token.
        private boolean started;
        private boolean statementEnded;
        private int i;

        Scan(String text) {
            this.text = text;
            this.sql = new StringBuilder(text.length());
        }

        NamedParameters read() {
            while (i < text.length()) {
                char c = text.charAt(i);
                int skipTo = switch (c) {
                    case '\'', '"' -> closing(text, i, c, c == '\'' && escapeStringAt(text, i));
                    case '-' -> text.startsWith("--", i) ? lineEnd(text, i) : i + 1;
                    case '/' -> text.startsWith("/*", i) ? commentEnd(text, i) : i + 1;
                    case '$' -> afterNamePart(text, i) ? i + 1 : dollarQuoteEnd(text, i);
                    default -> i + 1;
                };
                if (skipTo > i + 1) {
                    span(skipTo);
                } else {
                    token(c);
                }
            }
            if (!"select".equalsIgnoreCase(firstWord) && !"with".equalsIgnoreCase(firstWord)) {
                throw new IllegalArgumentException("the SQL must be one query, starting with SELECT or WITH");
            }
            return new NamedParameters(sql.toString().strip(), names, rowCounts, rowLimits);
        }

        /** A quoted string or identifier, or a comment, up to {@code end}: kept as it is, with no marker in it. */
        private void span(int end) {
            boolean comment = isComment(text, i);
            if (statementEnded && !comment) {
                throw new IllegalArgumentException("the SQL holds more than one statement");
            }
            if (!comment) {
                started = true;
                forgetWords();
            }
            sql.append(text, i, end);
            i = end;
        }

        /** The token that starts with {@code c}, outside any string or comment. */
        private void token(char c) {
            if (statementEnded && !Character.isWhitespace(c)) {
                throw new IllegalArgumentException("the SQL holds more than one statement");
            }
            boolean first = !started;
            started |= !Character.isWhitespace(c);
            if (c == ';') {
                statementEnded = true;
                i++;
            } else if (c == '?') {
                throw new IllegalArgumentException("the SQL has a ? marker; name each value as :name instead");
            } else if (c == '$' && positionalMarkerAt(text, i)) {
                int end = i + 1;
                while (end < text.length() && isDigit(text.charAt(end))) {
                    end++;
                }
                throw new IllegalArgumentException("the SQL has a " + text.substring(i, end)
                        + " marker, to which DuckDB and PostgreSQL bind a value; name each value as :name instead");
            } else if (c == ':' && text.startsWith("::", i)) {
                sql.append("::");
                i += 2;
            } else if (c == ':' && i + 1 < text.length() && isNameStart(text.charAt(i + 1)) && !followsName(text, i)) {
                marker();
            } else if (isNameStart(c) && !afterNamePart(text, i)) {
                word(first);
            } else {
                if (!Character.isWhitespace(c) && c != '(') {
                    forgetWords();
                }
                sql.append(c);
                i++;
            }
        }

        /** A {@code :name} marker: its name is noted, with whether it counts rows, and a {@code ?} takes its place. */
        private void marker() {
            int end = nameEnd(text, i + 1);
            if (end < text.length() && Character.isLetterOrDigit(text.codePointAt(end))) {
                // The warehouse would read the rest of the word as something else, such as a column alias.
                throw new IllegalArgumentException("the SQL has a :name with a letter or digit other than a to z, 0 to 9 or _: "
                        + text.substring(i, text.offsetByCodePoints(end, 1)));
            }
            String name = text.substring(i + 1, end);
            names.add(name);
            boolean limit = "LIMIT".equals(lastWord) || "FETCH".equals(wordBefore) && ("FIRST".equals(lastWord) || "NEXT".equals(lastWord));
            if (limit) {
                rowLimits.add(name);
            }
            if (limit || "OFFSET".equals(lastWord)) {
                rowCounts.add(name);
            }
            forgetWords();
            sql.append('?');
            i = end;
        }

        /** A word: a keyword or a name, the query's first if {@code first}. */
        private void word(boolean first) {
            int end = nameEnd(text, i);
            String word = text.substring(i, end);
            // The connections are read-only, so such a statement fails anyway; said here, it fails at start, not on every request.
            if (WRITES.contains(word.toUpperCase(Locale.ROOT))) {
                throw new IllegalArgumentException("the SQL must only read, but it has " + word.toUpperCase(Locale.ROOT));
            }
            if (first) {
                firstWord = word;
            }
            wordBefore = lastWord;
            lastWord = word.toUpperCase(Locale.ROOT);
            sql.append(word);
            i = end;
        }

        private void forgetWords() {
            lastWord = null;
            wordBefore = null;
        }
    }

    /**
     * PostgreSQL refuses a NUL in a statement's text, which would fail every request rather than the
     * start; no other control character but whitespace is SQL either.
     */
    private static void refuseControlCharacters(String text) {
        text.chars().filter(c -> Character.isISOControl(c) && c != '\t' && c != '\n' && c != '\r').findFirst().ifPresent(c -> {
            throw new IllegalArgumentException("the SQL has the control character U+%04X; tab, CR and LF are the only ones it may have".formatted(c));
        });
    }

    /**
     * The index after the quote that closes the one at {@code open}; a doubled quote is part of the
     * text, and so is a character after a backslash where {@code backslashEscapes}.
     */
    private static int closing(String text, int open, char quote, boolean backslashEscapes) {
        int i = open + 1;
        while (i < text.length()) {
            if (backslashEscapes && text.charAt(i) == '\\') {
                i += 2;
                continue;
            }
            if (text.charAt(i) == quote) {
                if (i + 1 < text.length() && text.charAt(i + 1) == quote) {
                    i += 2;
                    continue;
                }
                return i + 1;
            }
            i++;
        }
        throw new IllegalArgumentException("the SQL has an unclosed " + quote);
    }

    /** The index after a dollar-quoted string ({@code $$...$$}, {@code $tag$...$tag$}) that opens at {@code start}, if one does. */
    private static int dollarQuoteEnd(String text, int start) {
        int tagEnd = start + 1;
        while (tagEnd < text.length() && isNamePart(text.charAt(tagEnd)) && (tagEnd > start + 1 || isNameStart(text.charAt(tagEnd)))) {
            tagEnd++;
        }
        if (tagEnd >= text.length() || text.charAt(tagEnd) != '$') {
            return start + 1;
        }
        String delimiter = text.substring(start, tagEnd + 1);
        int close = text.indexOf(delimiter, tagEnd + 1);
        if (close < 0) {
            throw new IllegalArgumentException("the SQL has an unclosed " + delimiter + " string");
        }
        return close + delimiter.length();
    }

    /**
     * Whether the quote at {@code quote} opens an escape string ({@code E'it\'s'}, DuckDB's and
     * PostgreSQL's): it follows an E that is a word of its own.
     */
    private static boolean escapeStringAt(String text, int quote) {
        return quote > 0 && (text.charAt(quote - 1) == 'E' || text.charAt(quote - 1) == 'e')
                && !afterNamePart(text, quote - 1);
    }

    /**
     * Whether a {@code $} at {@code at} starts a numbered marker such as {@code $1}, to which the
     * warehouse would bind a :name's value.
     */
    private static boolean positionalMarkerAt(String text, int at) {
        return at + 1 < text.length() && isDigit(text.charAt(at + 1)) && !afterNamePart(text, at);
    }

    /** Whether the character before {@code at} ends a name, a quoted identifier or a bracket, so that a colon there is not a marker. */
    private static boolean followsName(String text, int at) {
        if (at == 0) {
            return false;
        }
        char before = text.charAt(at - 1);
        return isNamePart(before) || before == '"' || before == ']' || before == ')';
    }

    /** The index after the line that {@code start} is on: DuckDB and PostgreSQL end a line comment at a carriage return too. */
    private static int lineEnd(String text, int start) {
        for (int i = start; i < text.length(); i++) {
            if (text.charAt(i) == '\n' || text.charAt(i) == '\r') {
                return i + 1;
            }
        }
        return text.length();
    }

    /** The index after the block comment that opens at {@code start}; comments nest, as in DuckDB and PostgreSQL. */
    private static int commentEnd(String text, int start) {
        int depth = 0;
        int i = start;
        while (i + 1 < text.length()) {
            if (text.startsWith("/*", i)) {
                depth++;
                i += 2;
            } else if (text.startsWith("*/", i)) {
                depth--;
                i += 2;
                if (depth == 0) {
                    return i;
                }
            } else {
                i++;
            }
        }
        throw new IllegalArgumentException("the SQL has an unclosed /* comment");
    }

    /** The index after the name whose first character is at {@code start}. */
    private static int nameEnd(String text, int start) {
        int end = start + 1;
        while (end < text.length() && isNamePart(text.charAt(end))) {
            end++;
        }
        return end;
    }

    private static boolean isComment(String text, int at) {
        return text.startsWith("--", at) || text.startsWith("/*", at);
    }

    private static boolean isNameStart(char c) {
        return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    /** Whether the character before {@code at} is part of a name, so that what starts at {@code at} continues it. */
    private static boolean afterNamePart(String text, int at) {
        return at > 0 && isNamePart(text.charAt(at - 1));
    }

    private static boolean isNamePart(char c) {
        return isNameStart(c) || isDigit(c);
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
