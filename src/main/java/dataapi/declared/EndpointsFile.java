package dataapi.declared;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.type.LogicalType;
import dataapi.ErrorText;
import dataapi.config.CacheTtl;
import dataapi.endpoint.BadRequestException;
import dataapi.endpoint.Column;
import dataapi.endpoint.Endpoint;
import dataapi.endpoint.Parameter;
import dataapi.endpoint.Inputs;
import dataapi.endpoint.SqlNull;
import dataapi.report.Reports;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Endpoints declared in a JSON file rather than written in Java: each an id, a title, a path, typed
 * parameters, one SQL query with {@code :name} markers, the columns it returns and, optionally, how
 * long its answers are cached. Everything is
 * checked when the file is read, so that a mistake stops start-up with one line naming the endpoint.
 */
public final class EndpointsFile {
    private static final Pattern ID = Pattern.compile("[a-z][a-z0-9_]{0,62}");
    private static final Pattern NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
    private static final Pattern COLUMN = Pattern.compile("[A-Z_][A-Z0-9_]{0,127}");
    private static final Pattern PATH_SEGMENT = Pattern.compile("[a-z0-9_.-]+|\\{([a-z_][a-z0-9_]{0,62})}");
    private static final int STRING_MAX_LENGTH = 200;
    /** The column types, as a refusal lists them: integer, string, ... or timestamp. */
    private static final String COLUMN_TYPES = Stream.of(Column.Type.values()).map(Column.Type::declaredName)
            .collect(Collectors.collectingAndThen(Collectors.toList(),
                    names -> String.join(", ", names.subList(0, names.size() - 1)) + " or " + names.get(names.size() - 1)));
    private static final ObjectMapper MAPPER = strictMapper();

    private record FileJson(List<EndpointJson> endpoints) {
    }

    private record EndpointJson(String id, String title, String path, List<ParameterJson> parameters, String sql,
                                List<ColumnJson> columns, @JsonProperty("cache_ttl") String cacheTtl) {
    }

    private record ParameterJson(String name, String in, String type, String description, Boolean required,
                                 @JsonProperty("default") String defaultValue, String example,
                                 @JsonDeserialize(using = BoundDeserializer.class) Number min,
                                 @JsonDeserialize(using = BoundDeserializer.class) Number max,
                                 String pattern, Integer maxLength, String error) {
    }

    /**
     * Reads a min or max as its parameter's type takes it: a decimal's exactly, as a {@link BigDecimal}
     * (0.5, never through a double), any other's as Jackson reads a {@code Long}, so that an integer's
     * fraction or a number past 64 bits is refused there as before, with its place. The type may come
     * after the bound in the object: it is looked up in the document, read whole first.
     */
    private static final class BoundDeserializer extends StdDeserializer<Number> {
        BoundDeserializer() {
            super(Number.class);
        }

        @Override
        public Number deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            JsonNode document = (JsonNode) context.getAttribute(JsonNode.class);
            JsonPointer parameter = parser.getParsingContext().pathAsPointer().head();
            return "decimal".equals(document.at(parameter).path("type").textValue())
                    ? context.readValue(parser, BigDecimal.class) : context.readValue(parser, Long.class);
        }
    }

    private record ColumnJson(String name, String type) {
    }

    private EndpointsFile() {
    }

    /** Reads the file as written: no field twice, no number or boolean given as text or text as a number, no number as a boolean. */
    private static ObjectMapper strictMapper() {
        ObjectMapper mapper = new ObjectMapper()
                .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
        mapper.coercionConfigFor(LogicalType.Integer).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
        mapper.coercionConfigFor(LogicalType.Float).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
        for (CoercionInputShape number : List.of(CoercionInputShape.Integer, CoercionInputShape.Float, CoercionInputShape.Boolean)) {
            mapper.coercionConfigFor(LogicalType.Textual).setCoercion(number, CoercionAction.Fail);
        }
        for (CoercionInputShape notBoolean : List.of(CoercionInputShape.String, CoercionInputShape.Integer, CoercionInputShape.Float)) {
            mapper.coercionConfigFor(LogicalType.Boolean).setCoercion(notBoolean, CoercionAction.Fail);
        }
        return mapper;
    }

    /** The endpoints declared in {@code file}, or an {@link IllegalArgumentException} that says what is wrong and where. */
    public static List<SqlEndpoint> read(Path file) {
        byte[] content;
        try {
            content = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("no such file " + file);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + ErrorText.reason(e));
        }
        FileJson json;
        try (JsonParser parser = MAPPER.createParser(content)) {
            json = MAPPER.readerFor(FileJson.class).withAttribute(JsonNode.class, MAPPER.readTree(content)).readValue(parser);
            if (parser.nextToken() != null) {
                throw new IllegalArgumentException(file + ": more follows the end of the JSON document" + where(parser.currentLocation()));
            }
        } catch (UnrecognizedPropertyException e) {
            throw new IllegalArgumentException(file + ": " + place(content, e.getPath()) + " is an unknown field" + where(e.getLocation()));
        } catch (MismatchedInputException e) {
            throw new IllegalArgumentException(file + ": " + (e.getPath().isEmpty() ? "the file holds {\"endpoints\": [...]}"
                    : place(content, e.getPath()) + " has a value of the wrong type") + where(e.getLocation()));
        } catch (JsonMappingException e) {
            throw new IllegalArgumentException(file + ": " + (e.getCause() instanceof InputCoercionException outOfRange
                    ? place(content, e.getPath()) + " is out of the range of a " + (outOfRange.getTargetType() == int.class ? 32 : 64) + "-bit integer"
                    : e.getOriginalMessage()) + where(e.getLocation()));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(file + ": " + e.getOriginalMessage() + where(e.getLocation()));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + ErrorText.reason(e));
        }
        if (json == null || json.endpoints() == null || json.endpoints().isEmpty()) {
            throw new IllegalArgumentException(file + ": no endpoints; the file holds {\"endpoints\": [...]}");
        }
        Set<String> ids = new LinkedHashSet<>(Reports.ids());
        // The router tries routes in the order they were added, the reports' first: a request that two
        // templates match would always reach the earlier one.
        Map<String, String> routes = new LinkedHashMap<>();
        Reports.paths().forEach(path -> routes.put(path, "a built-in report"));
        List<SqlEndpoint> endpoints = new ArrayList<>();
        for (int i = 0; i < json.endpoints().size(); i++) {
            EndpointJson endpoint = json.endpoints().get(i);
            if (endpoint == null) {
                throw new IllegalArgumentException(file + ": endpoint " + (i + 1) + " of the list is null");
            }
            String id = endpoint.id() == null ? "(no id)" : endpoint.id();
            try {
                SqlEndpoint read = endpoint(endpoint);
                if (read.id().equals(Endpoint.UNMATCHED)) {
                    throw new IllegalArgumentException("the id " + Endpoint.UNMATCHED + " is what the logs and metrics name requests no route matched");
                }
                if (!ids.add(read.id())) {
                    throw new IllegalArgumentException("the id is taken by " + (Reports.ids().contains(read.id()) ? "a built-in report" : "another endpoint"));
                }
                routes.forEach((path, owner) -> {
                    if (overlap(path, read.path())) {
                        throw new IllegalArgumentException("the path " + read.path() + " matches requests that " + path + " of "
                                + owner + " matches");
                    }
                });
                routes.put(read.path(), "endpoint " + read.id());
                endpoints.add(read);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(file + ": endpoint " + id + ": " + e.getMessage());
            }
        }
        return List.copyOf(endpoints);
    }

    private static SqlEndpoint endpoint(EndpointJson json) {
        String id = required("id", json.id());
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException("the id must be lower-case letters, digits and _, starting with a letter");
        }
        String title = required("title", json.title());
        String path = required("path", json.path());
        Map<String, Parameter<?>> parameters = parameters(json.parameters(), pathParameters(path));
        NamedParameters sql = NamedParameters.parse(required("sql", json.sql()));
        for (String used : sql.names()) {
            if (!parameters.containsKey(used)) {
                throw new IllegalArgumentException("the SQL uses :" + used + ", which no parameter declares");
            }
        }
        for (String name : parameters.keySet()) {
            if (!sql.names().contains(name)) {
                throw new IllegalArgumentException("parameter " + name + " is not used in the SQL");
            }
        }
        for (String name : sql.rowCounts()) {
            requireRowCount(parameters.get(name), sql.rowLimits().contains(name));
        }
        return new SqlEndpoint(id, title, path, List.copyOf(parameters.values()), sql, columns(json.columns()), cacheTtl(json.cacheTtl()));
    }

    /** The parameters by name, each in the path exactly when the path has its {name}. */
    private static Map<String, Parameter<?>> parameters(List<ParameterJson> declared, Set<String> pathNames) {
        Map<String, Parameter<?>> parameters = new LinkedHashMap<>();
        for (ParameterJson parameter : declared == null ? List.<ParameterJson>of() : declared) {
            if (parameter == null) {
                throw new IllegalArgumentException("a parameter is null");
            }
            Parameter<?> read = parameter(parameter);
            if (parameters.putIfAbsent(read.name(), read) != null) {
                throw new IllegalArgumentException("parameter " + read.name() + " is declared twice");
            }
            if ((read.location() == Parameter.Location.PATH) != pathNames.contains(read.name())) {
                throw new IllegalArgumentException("parameter " + read.name() + (read.location() == Parameter.Location.PATH
                        ? " is \"in\": \"path\" but the path has no {" + read.name() + "}"
                        : " is in the path, so it needs \"in\": \"path\""));
            }
        }
        for (String name : pathNames) {
            if (!parameters.containsKey(name)) {
                throw new IllegalArgumentException("the path has {" + name + "} but no parameter declares it");
            }
        }
        return parameters;
    }

    /**
     * Refuses {@code rows}, the number of rows a LIMIT or FETCH keeps ({@code limit}) or an OFFSET skips,
     * unless it is an integer with a min of 0 or more that is never left out, and, for a limit, a max.
     */
    private static void requireRowCount(Parameter<?> rows, boolean limit) {
        // The warehouse refuses a negative count (a 500), and a LIMIT without a max lets one request ask for every row;
        // an OFFSET only skips rows, so any count from 0 up is one.
        Object min = rows.constraints().get("minimum");
        String wrong = !rows.format().equals("integer") ? "it is declared " + rows.format()
                : min == null ? "it has no min, and the warehouse refuses a negative one"
                : (Long) min < 0 ? "its min is " + min + ", and the warehouse refuses a negative one"
                : limit && !rows.constraints().containsKey("maximum") ? "it has no max, so one request could ask for every row"
                : null;
        String counted = "parameter " + rows.name() + " is the number of rows " + (limit ? "a LIMIT or FETCH keeps" : "an OFFSET skips") + ", but ";
        if (wrong != null) {
            throw new IllegalArgumentException(counted + wrong + ": declare it an integer with a min of 0 or more" + (limit ? " and a max" : ""));
        }
        // DuckDB and PostgreSQL read a NULL count as none at all: a LIMIT keeps every row, an OFFSET skips none.
        if (rows.whenAbsent().isPresent()) {
            throw new IllegalArgumentException(counted + "it is \"required\": false, and without it the warehouse would read NULL as "
                    + (limit ? "no limit" : "no offset") + ": give it a default instead");
        }
    }

    /** The result columns, in the SQL's order. */
    private static List<Column> columns(List<ColumnJson> declared) {
        if (declared == null || declared.isEmpty()) {
            throw new IllegalArgumentException("no columns; list the SQL's result columns in order");
        }
        List<Column> columns = new ArrayList<>();
        for (ColumnJson column : declared) {
            if (column == null) {
                throw new IllegalArgumentException("a column is null");
            }
            String name = required("column name", column.name());
            if (!COLUMN.matcher(name).matches()) {
                throw new IllegalArgumentException("column " + name + ": names are the JSON keys, in UPPER CASE as the reports' are");
            }
            if (columns.stream().anyMatch(other -> other.name().equals(name))) {
                throw new IllegalArgumentException("column " + name + " is declared twice");
            }
            // The SQL is not known to exclude NULL, as a report's is.
            columns.add(new Column(name, columnType(name, column.type()), true));
        }
        return columns;
    }

    /** The endpoint's own cache lifetime, written as {@code --cache-ttl} takes it, when it has one. */
    private static Optional<CacheTtl> cacheTtl(String written) {
        try {
            return Optional.ofNullable(written).map(CacheTtl::parse);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("cache_ttl " + e.getMessage());
        }
    }

    private static Parameter<?> parameter(ParameterJson json) {
        String name = required("parameter name", json.name());
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("parameter " + name + ": names are lower-case letters, digits and _");
        }
        Parameter.Location location = switch (json.in() == null ? "query" : json.in()) {
            case "query" -> Parameter.Location.QUERY;
            case "path" -> Parameter.Location.PATH;
            default -> throw new IllegalArgumentException("parameter " + name + ": \"in\" is query or path, not " + json.in());
        };
        ParameterType type = ParameterType.of(name, json);
        Optional<String> defaultValue = Optional.ofNullable(json.defaultValue());
        if (location == Parameter.Location.PATH && defaultValue.isPresent()) {
            throw new IllegalArgumentException("parameter " + name + ": a path parameter has no default");
        }
        boolean optional = Boolean.FALSE.equals(json.required());
        if (location == Parameter.Location.PATH && optional) {
            throw new IllegalArgumentException("parameter " + name + ": a path parameter is always required");
        }
        if (defaultValue.isPresent() && json.required() != null) {
            throw new IllegalArgumentException("parameter " + name + (optional
                    ? ": \"required\": false and a default are one or the other: a request without it binds NULL, or the default"
                    : ": \"required\": true contradicts the default, which a request without it gets"));
        }
        String example = json.example() != null ? json.example() : defaultValue.orElseThrow(() ->
                new IllegalArgumentException("parameter " + name + ": give an example" + (optional ? "" : " (or, in the query, a default)")));
        for (String value : defaultValue.map(value -> List.of(value, example)).orElse(List.of(example))) {
            try {
                type.parse(value);
            } catch (BadRequestException e) {
                throw new IllegalArgumentException("parameter " + name + ": \"" + value + "\" is not valid: " + e.getMessage());
            }
        }
        List<String> errors = new ArrayList<>(List.of(type.error()));
        if (location == Parameter.Location.QUERY && defaultValue.isEmpty() && !optional) {
            errors.add(Parameter.missing(name));
        }
        Optional<Object> whenAbsent = optional ? Optional.of(new SqlNull(type.valueType())) : Optional.empty();
        return new Parameter<>(name, location, type.format(), defaultValue, whenAbsent, example,
                json.description() == null ? "" : json.description(), type::parse, errors, type.constraints());
    }

    private static Column.Type columnType(String column, String type) {
        String declared = required("column " + column + "'s type", type);
        return Stream.of(Column.Type.values()).filter(each -> each.declaredName().equals(declared)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("column " + column + ": the type is " + COLUMN_TYPES + ", not " + type));
    }

    /** The names of a path template's {@code {name}} segments; a path is /segment/..., in lower case. */
    private static Set<String> pathParameters(String path) {
        if (path.length() > 1 && path.startsWith("/") && path.endsWith("/")) {
            throw new IllegalArgumentException("the path must not end with /, such as /orders/by_priority");
        }
        if (!path.startsWith("/") || path.length() == 1) {
            throw new IllegalArgumentException("the path must start with / and name at least one segment, such as /orders/by_priority");
        }
        Set<String> names = new LinkedHashSet<>();
        for (String segment : path.substring(1).split("/", -1)) {
            Matcher matcher = PATH_SEGMENT.matcher(segment);
            if (!matcher.matches() || segment.equals(".") || segment.equals("..")) {
                throw new IllegalArgumentException("the path segment \"" + segment + "\" is neither lower-case text nor {name}");
            }
            if (matcher.group(1) != null && !names.add(matcher.group(1))) {
                throw new IllegalArgumentException("the path has {" + matcher.group(1) + "} twice");
            }
        }
        return names;
    }

    /** Whether a request path could match both templates: as many segments, each equal or a {name} in either. */
    private static boolean overlap(String first, String second) {
        String[] a = first.split("/");
        String[] b = second.split("/");
        if (a.length != b.length) {
            return false;
        }
        for (int i = 0; i < a.length; i++) {
            if (!a[i].equals(b[i]) && !a[i].startsWith("{") && !b[i].startsWith("{")) {
                return false;
            }
        }
        return true;
    }

    private static String required(String what, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("no " + what);
        }
        return value;
    }

    /**
     * A field's place in the file: in its endpoint, named by its id where the file gives it one, as
     * {@code endpoint customer_orders: parameters[1].min}; else as {@code endpoints[1].parameters[1].min}.
     */
    private static String place(byte[] content, List<JsonMappingException.Reference> path) {
        if (path.size() >= 2 && "endpoints".equals(path.get(0).getFieldName())) {
            Optional<String> id = endpointId(content, path.get(1).getIndex());
            if (id.isPresent()) {
                List<JsonMappingException.Reference> inside = path.subList(2, path.size());
                return "endpoint " + id.get() + (inside.isEmpty() ? "" : ": " + fieldPath(inside));
            }
        }
        return fieldPath(path);
    }

    /**
     * The id of the endpoint at {@code index}, when it is one (a message must stay one line): the file
     * is well-formed JSON when a value in it is of the wrong type, so it is read again as a tree.
     */
    private static Optional<String> endpointId(byte[] content, int index) {
        try {
            JsonNode id = new ObjectMapper().readTree(content).path("endpoints").path(index).path("id");
            return Optional.of(id.asText()).filter(text -> id.isTextual() && ID.matcher(text).matches());
        } catch (IOException notJson) {
            return Optional.empty();
        }
    }

    /** A field's place in the file, as {@code endpoints[0].parameters[1].min}. */
    private static String fieldPath(List<JsonMappingException.Reference> path) {
        StringBuilder text = new StringBuilder();
        for (JsonMappingException.Reference reference : path) {
            if (reference.getFieldName() != null) {
                text.append(text.isEmpty() ? "" : ".").append(reference.getFieldName());
            } else {
                text.append('[').append(reference.getIndex()).append(']');
            }
        }
        return text.toString();
    }

    private static String where(JsonLocation location) {
        return location == null || location.getLineNr() < 0 ? "" : " (line " + location.getLineNr() + ")";
    }

    /**
     * The kinds of parameter, each with the class of its values, its parser, the message of a value it refuses, and its
     * bounds as JSON Schema says them.
     */
    private record ParameterType(String format, Class<?> valueType, String error, Parameter.Parser<?> parser, Map<String, Object> constraints) {
        Object parse(String raw) {
            return parser.parse(raw);
        }

        static ParameterType of(String name, ParameterJson json) {
            String type = required("type of parameter " + name, json.type());
            // The type is checked first: "min and max are for integers" would hide that "number" is no type.
            ParameterType read = switch (type) {
                case "date" -> fixedForm(name, json, "date", LocalDate.class, "a date, YYYY-MM-DD", Inputs::date);
                // Two types, so that the file says which column a time is compared with, and the start checks it:
                // a time without an offset against a TIMESTAMPTZ, or one with an offset against a TIMESTAMP, each
                // warehouse would read in its session's time zone, which differs between deployments.
                case "timestamp" -> fixedForm(name, json, "timestamp", LocalDateTime.class,
                        "a time, YYYY-MM-DDTHH:MM:SS with at most 6 fraction digits and no offset", Inputs::timestamp);
                case "timestamptz" -> fixedForm(name, json, "timestamptz", OffsetDateTime.class,
                        "a time with an offset, YYYY-MM-DDTHH:MM:SS with at most 6 fraction digits, then Z or +HH:MM", Inputs::timestamptz);
                case "decimal" -> number(name, json, "decimal", "a decimal number", BigDecimal.class, Inputs::decimal);
                case "integer" -> number(name, json, "integer", "an integer", Long.class, (raw, error) -> {
                    // ASCII digits only: Long.parseLong also reads other scripts' digits.
                    if (!Inputs.isAsciiDigits(raw.startsWith("-") ? raw.substring(1) : raw)) {
                        throw new BadRequestException(error);
                    }
                    try {
                        return Long.parseLong(raw);
                    } catch (NumberFormatException tooLong) {
                        throw new BadRequestException(error);
                    }
                });
                case "string" -> string(name, json);
                default -> throw new IllegalArgumentException("parameter " + name
                        + ": the type is date, decimal, integer, string, timestamp or timestamptz, not " + type);
            };
            if (!type.equals("integer") && !type.equals("decimal") && (json.min() != null || json.max() != null)) {
                throw new IllegalArgumentException("parameter " + name + ": min and max are for integers and decimals");
            }
            if (!type.equals("string") && (json.pattern() != null || json.maxLength() != null)) {
                throw new IllegalArgumentException("parameter " + name + ": pattern and maxLength are for strings");
            }
            return read;
        }

        /** A date or a time, of one form without bounds, read by {@code read} (its raw text and the message of a value it refuses). */
        private static ParameterType fixedForm(String name, ParameterJson json, String format, Class<?> valueType, String noun,
                                               BiFunction<String, String, ?> read) {
            String error = message(json, "Parameter " + name + " must be " + noun + ".");
            return new ParameterType(format, valueType, error, raw -> read.apply(raw, error), Map.of());
        }

        /**
         * An integer or a decimal, read by {@code read} (its raw text and the message of a value it refuses), within
         * the declared min and max. Each bound is a value it could take: a decimal's has no more digits than a
         * value may have, and the message writes it whole.
         */
        private static <T extends Number & Comparable<T>> ParameterType number(String name, ParameterJson json, String format, String noun,
                                                                              Class<T> type, BiFunction<String, String, T> read) {
            Optional<T> min = Optional.ofNullable(json.min()).map(type::cast);
            Optional<T> max = Optional.ofNullable(json.max()).map(type::cast);
            if (min.isPresent() && max.isPresent() && min.get().compareTo(max.get()) > 0) {
                throw new IllegalArgumentException("parameter " + name + ": min is above max");
            }
            for (Map.Entry<String, Optional<T>> bound : List.of(Map.entry("min", min), Map.entry("max", max))) {
                try {
                    bound.getValue().ifPresent(value -> read.apply(text(value), ""));
                } catch (BadRequestException notAValue) {
                    throw new IllegalArgumentException("parameter " + name + ": " + bound.getKey() + " has more digits than a value may have, "
                            + Inputs.DECIMAL_DIGITS);
                }
            }
            String range = min.isEmpty() && max.isEmpty() ? "" : max.isEmpty() ? " of at least " + text(min.get())
                    : min.isEmpty() ? " of at most " + text(max.get()) : " from " + text(min.get()) + " to " + text(max.get());
            String error = message(json, "Parameter " + name + " must be " + noun + range + ".");
            Map<String, Object> constraints = new LinkedHashMap<>();
            min.ifPresent(bound -> constraints.put("minimum", bound));
            max.ifPresent(bound -> constraints.put("maximum", bound));
            return new ParameterType(format, type, error, raw -> {
                T value = read.apply(raw, error);
                if (min.filter(bound -> value.compareTo(bound) < 0).isPresent() || max.filter(bound -> value.compareTo(bound) > 0).isPresent()) {
                    throw new BadRequestException(error);
                }
                return value;
            }, constraints);
        }

        /** A bound as the message writes it: a decimal's digits without an exponent, as a value is written. */
        private static String text(Number bound) {
            return bound instanceof BigDecimal decimal ? decimal.toPlainString() : bound.toString();
        }

        private static ParameterType string(String name, ParameterJson json) {
            int maxLength = json.maxLength() == null ? STRING_MAX_LENGTH : json.maxLength();
            if (maxLength < 1) {
                throw new IllegalArgumentException("parameter " + name + ": maxLength must be at least 1");
            }
            Optional<Pattern> pattern;
            try {
                pattern = Optional.ofNullable(json.pattern()).map(Pattern::compile);
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException("parameter " + name + ": the pattern is not a regular expression: " + e.getDescription());
            }
            pattern.flatMap(p -> SharedRegexSyntax.javaOnlyConstruct(p.pattern())).ifPresent(construct -> {
                throw new IllegalArgumentException("parameter " + name + ": the pattern has " + construct
                        + ", which JavaScript (and so JSON Schema) does not read as Java does");
            });
            String error = message(json, "Parameter " + name + " must be at most " + maxLength
                    + (maxLength == 1 ? " character" : " characters") + " without control characters"
                    + pattern.map(p -> ", matching " + p.pattern()).orElse("") + ".");
            Map<String, Object> constraints = new LinkedHashMap<>();
            constraints.put("maxLength", maxLength);
            // JSON Schema finds a pattern anywhere in the text; the parser matches it whole.
            pattern.ifPresent(p -> constraints.put("pattern", "^(?:" + p.pattern() + ")$"));
            return new ParameterType("string", String.class, error, raw -> {
                // Control characters (a NUL, which PostgreSQL refuses in text, among them) are never a value.
                if (raw.codePointCount(0, raw.length()) > maxLength || raw.chars().anyMatch(Character::isISOControl)
                        || pattern.map(p -> !p.matcher(raw).matches()).orElse(false)) {
                    throw new BadRequestException(error);
                }
                return raw;
            }, constraints);
        }

        private static String message(ParameterJson json, String otherwise) {
            if (json.error() != null && json.error().isBlank()) {
                throw new IllegalArgumentException("parameter " + json.name() + ": the error message is empty");
            }
            return json.error() != null ? json.error() : otherwise;
        }
    }
}
