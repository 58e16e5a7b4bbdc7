package dataapi.endpoint;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * One typed request parameter of an endpoint: where it comes from, its type and default, and how
 * raw text becomes a value. The definition is the single source for validation and for anything
 * that describes the endpoint.
 *
 * @param name the name in the path template or query string
 * @param location where the value is taken from
 * @param format a short type name for people and API descriptions ("date", "integer", "digits")
 * @param defaultValue the raw value used when the parameter is absent or empty, if any
 * @param whenAbsent what a request that leaves it out, or sends it empty, gets when it has no default: an
 *                   optional declared parameter's {@link SqlNull}; empty when such a request is refused
 * @param example a typical valid raw value
 * @param description one line of help
 * @param parser turns raw text into a value, or throws {@link BadRequestException}
 * @param errors the messages of the 400 answers that concern this parameter, so that clients can
 *               show an error beside the input it is about while the error body stays as documented
 * @param constraints what the parser also requires, as JSON Schema keywords for the API description
 *                    ({@code minimum}, {@code maxLength}, ...), in a stable order
 */
public record Parameter<T>(String name, Location location, String format, Optional<String> defaultValue,
                           Optional<T> whenAbsent, String example, String description, Parser<T> parser, List<String> errors,
                           Map<String, Object> constraints) {
    public enum Location { PATH, QUERY }

    @FunctionalInterface
    public interface Parser<T> {
        T parse(String raw);
    }

    public Parameter {
        requireNonNull(name, "name is null");
        requireNonNull(location, "location is null");
        requireNonNull(format, "format is null");
        requireNonNull(defaultValue, "defaultValue is null");
        requireNonNull(whenAbsent, "whenAbsent is null");
        if (whenAbsent.isPresent() && (defaultValue.isPresent() || location == Location.PATH)) {
            throw new IllegalArgumentException("parameter " + name + ": only a query parameter without a default has a value when absent");
        }
        requireNonNull(example, "example is null");
        requireNonNull(description, "description is null");
        requireNonNull(parser, "parser is null");
        errors = List.copyOf(errors);
        constraints = Collections.unmodifiableMap(new LinkedHashMap<>(constraints));
    }

    public static <T> Parameter<T> path(String name, String format, String example, String description, Parser<T> parser) {
        return new Parameter<>(name, Location.PATH, format, Optional.empty(), Optional.empty(), example, description, parser, List.of(),
                Map.of());
    }

    public static <T> Parameter<T> query(String name, String format, String defaultValue, String description, Parser<T> parser) {
        return new Parameter<>(name, Location.QUERY, format, Optional.of(defaultValue), Optional.empty(), defaultValue, description, parser,
                List.of(), Map.of());
    }

    /** This parameter, declaring the messages of the 400 answers that concern it. */
    public Parameter<T> withErrors(String... messages) {
        return new Parameter<>(name, location, format, defaultValue, whenAbsent, example, description, parser, List.of(messages), constraints);
    }

    /** This parameter, declaring one more thing its parser requires as a JSON Schema keyword ({@code minimum}, say). */
    public Parameter<T> withConstraint(String keyword, Object value) {
        Map<String, Object> more = new LinkedHashMap<>(constraints);
        more.put(keyword, value);
        return new Parameter<>(name, location, format, defaultValue, whenAbsent, example, description, parser, errors, more);
    }

    /** Whether a request must carry it: a path parameter always does, a query parameter when it has no default and is not optional. */
    public boolean isRequired() {
        return location == Location.PATH || (defaultValue.isEmpty() && whenAbsent.isEmpty());
    }

    /** The message of a 400 for a required parameter that a request leaves out. */
    public static String missing(String name) {
        return "Missing parameter " + name + ".";
    }

    /**
     * The value in {@code request}; when absent or empty, its default, else its value when absent, else a
     * {@link BadRequestException}, as for a value that does not parse.
     */
    public T from(RequestValues request) {
        String raw = request.get(this);
        if (!isGiven(raw)) {
            if (defaultValue.isEmpty()) {
                return whenAbsent.orElseThrow(() -> new BadRequestException(missing(name)));
            }
            raw = defaultValue.get();
        }
        return parser.parse(raw);
    }

    /** Whether {@code raw}, a request's text of a parameter or null, gives a value: else the parameter takes its default or its value when absent. */
    public static boolean isGiven(String raw) {
        return raw != null && !raw.isEmpty();
    }
}
