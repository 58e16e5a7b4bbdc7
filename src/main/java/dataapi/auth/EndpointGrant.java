package dataapi.auth;

import dataapi.family.Family;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

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
        // Requests are matched as the router reads them, without one trailing slash; so are patterns,
        // which are also kept so, so that a grant given with the slash is revoked without it.
        String pattern = trimmed.length() > 1 && trimmed.endsWith("/") ? trimmed.substring(0, trimmed.length() - 1) : trimmed;
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '*' && i + 1 < pattern.length() && pattern.charAt(i + 1) == '*') {
                regex.append(".*");
                i++;
            } else if (c == '*') {
                regex.append("[^/]*");
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return new EndpointGrant(pattern, Pattern.compile(regex.toString()));
    }

    /** The grant {@code text} reads as, as it is kept ({@code connector} for {@code CONNECTOR }); empty when this version cannot read it. */
    public static Optional<String> canonical(String text) {
        try {
            return Optional.of(parse(text).text());
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /**
     * A new grant, as an operator gives one, refused where it is surely a mistake: a family must be
     * one the server has; a path pattern's first segment must match one (paths are case-sensitive)
     * and have more after it (or be {@code **}), and it may not hold an empty, {@code .} or
     * {@code ..} segment, which no request path keeps, nor {@code ***}, which says no more than
     * {@code **}. Grants already stored are read with {@link #parse(String)}, so that none is lost.
     */
    public static EndpointGrant newGrant(String text) {
        EndpointGrant grant = parse(text);
        String families = Arrays.stream(Family.values()).map(Family::pathSegment).collect(Collectors.joining(", "));
        if (!grant.text().startsWith("/")) {
            if (Arrays.stream(Family.values()).noneMatch(known -> known.pathSegment().equals(grant.text()))) {
                throw new IllegalArgumentException("'" + text + "' is neither a family (" + families
                        + ") nor a path pattern such as /connector/customers/*");
            }
            return grant;
        }
        String pattern = grant.text().substring(1);
        if (pattern.contains("{") || pattern.contains("}")) {
            throw new IllegalArgumentException("'" + text + "' holds a {name}: a grant matches request paths, in which a path"
                    + " parameter is its value; write * for that segment, such as /connector/customers/*/orders");
        }
        String[] segments = pattern.split("/", -1);
        if (Arrays.stream(segments).anyMatch(segment -> segment.isEmpty() || segment.equals(".") || segment.equals(".."))) {
            throw new IllegalArgumentException("'" + text + "' holds an empty, . or .. segment, which no request path has");
        }
        if (pattern.contains("***")) {
            throw new IllegalArgumentException("'" + text + "' holds ***: * stands for part of one segment, ** for any number of them");
        }
        if (segments.length == 1 && !segments[0].contains("**")) {
            throw new IllegalArgumentException("'" + text + "' names no endpoint, only where a family's endpoints start:"
                    + " grant the family itself, such as connector, or a pattern below it, such as /connector/**");
        }
        EndpointGrant firstSegment = parse("/" + segments[0]);
        if (Arrays.stream(Family.values()).noneMatch(known -> firstSegment.matches("/" + known.pathSegment()))) {
            throw new IllegalArgumentException("'" + text + "' starts with a segment that matches no family (" + families
                    + ", in lower case), so it matches no endpoint");
        }
        return grant;
    }

    public boolean matches(String path) {
        return pattern.matcher(path).matches();
    }
}
