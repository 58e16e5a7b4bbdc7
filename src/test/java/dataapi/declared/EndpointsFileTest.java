package dataapi.declared;

import dataapi.config.CacheLifetime;
import dataapi.config.CacheTtl;
import dataapi.endpoint.BadRequestException;
import dataapi.endpoint.Column;
import dataapi.endpoint.Parameter;
import dataapi.endpoint.RequestValues;
import dataapi.endpoint.SqlNull;
import dataapi.endpoint.ValuesOrigin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EndpointsFileTest {
    static final Path EXAMPLE = Path.of("examples", "endpoints.json");

    @TempDir
    Path work;

    @Test
    void readsTheShippedExample() {
        List<SqlEndpoint> endpoints = EndpointsFile.read(EXAMPLE);
        assertThat(endpoints).extracting(SqlEndpoint::id).containsExactly("orders_by_priority", "customer_orders");

        SqlEndpoint byPriority = endpoints.get(0);
        assertThat(byPriority.path()).isEqualTo("/orders/by_priority");
        assertThat(byPriority.columns()).containsExactly(new Column("O_ORDERPRIORITY", Column.Type.STRING, true),
                new Column("SUM_TOTALPRICE", Column.Type.MONEY, true), new Column("ORDER_COUNT", Column.Type.INTEGER, true));
        assertThat(byPriority.sql()).contains("BETWEEN ? AND ?").doesNotContain(":");
        assertThat(byPriority.bind(values(Map.of("end_range", "1996-02-03"))))
                .containsExactly(LocalDate.parse("1995-01-01"), LocalDate.parse("1996-02-03"));

        SqlEndpoint customerOrders = endpoints.get(1);
        Parameter<?> custkey = customerOrders.parameters().get(0);
        assertThat(custkey.location()).isEqualTo(Parameter.Location.PATH);
        assertThat(custkey.errors()).containsExactly("Customer key must be a positive integer.");
        assertThat(customerOrders.parameters().get(1).errors()).containsExactly("Parameter limit must be an integer from 1 to 100.");
        assertThat(customerOrders.bind(values(Map.of("custkey", "370")))).containsExactly(370L, 10L);
        for (String bad : List.of("0", "-4", "+4", "x", "99999999999999999999", " 4")) {
            assertThatThrownBy(() -> customerOrders.bind(values(Map.of("custkey", bad)))).as(bad)
                    .isInstanceOf(BadRequestException.class).hasMessage("Customer key must be a positive integer.");
        }
        assertThatThrownBy(() -> customerOrders.bind(values(Map.of("custkey", "1", "limit", "101"))))
                .isInstanceOf(BadRequestException.class).hasMessage("Parameter limit must be an integer from 1 to 100.");
    }

    @Test
    void stringsAreBoundedAndMatchTheirPatternAndARequiredQueryParameterSaysItIsMissing() throws Exception {
        SqlEndpoint endpoint = EndpointsFile.read(file("""
                {"name": "status", "type": "string", "pattern": "[FOP]", "example": "F"},
                {"name": "note", "type": "string", "maxLength": 3, "default": ""}""", ":status, :note")).get(0);
        assertThat(endpoint.bind(values(Map.of("status", "O", "note", "abc")))).containsExactly("O", "abc");
        assertThatThrownBy(() -> endpoint.bind(values(Map.of("status", "FO"))))
                .hasMessage("Parameter status must be at most 200 characters without control characters, matching [FOP].");
        assertThatThrownBy(() -> endpoint.bind(values(Map.of("status", "F", "note", "abcd"))))
                .hasMessage("Parameter note must be at most 3 characters without control characters.");
        assertThatThrownBy(() -> endpoint.bind(values(Map.of("note", "a")))).hasMessage("Missing parameter status.");
        assertThat(endpoint.parameters().get(0).errors()).containsExactly(
                "Parameter status must be at most 200 characters without control characters, matching [FOP].", "Missing parameter status.");
        assertThat(endpoint.parameters().get(0).constraints()).containsExactly(Map.entry("maxLength", 200), Map.entry("pattern", "^(?:[FOP])$"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            // parameters | SQL's parameters | what is said
            "{\"name\": \"a\", \"type\": \"date\", \"default\": \"1995-01-01\"} | :b | endpoint e: the SQL uses :b, which no parameter declares",
            "{\"name\": \"a\", \"type\": \"date\", \"default\": \"1995-01-01\"} | 1 | endpoint e: parameter a is not used in the SQL",
            "{\"name\": \"a\", \"type\": \"date\", \"default\": \"1995-02-30\"} | :a | endpoint e: parameter a: \"1995-02-30\" is not valid: Parameter a must be a date, YYYY-MM-DD.",
            "{\"name\": \"a\", \"type\": \"date\"} | :a | endpoint e: parameter a: give an example (or, in the query, a default)",
            "{\"name\": \"a\", \"type\": \"float\", \"example\": \"1\"} | :a | endpoint e: parameter a: the type is date, decimal, integer, string, timestamp or timestamptz, not float",
            "{\"name\": \"a\", \"type\": \"date\", \"example\": \"1995-01-01\", \"in\": \"body\"} | :a | endpoint e: parameter a: \"in\" is query or path, not body",
            "{\"name\": \"a\", \"type\": \"date\", \"example\": \"1995-01-01\", \"in\": \"path\"} | :a | endpoint e: parameter a is \"in\": \"path\" but the path has no {a}",
            "{\"name\": \"a\", \"type\": \"integer\", \"example\": \"5\", \"min\": 9} | :a | endpoint e: parameter a: \"5\" is not valid: Parameter a must be an integer of at least 9.",
            "{\"name\": \"a\", \"type\": \"date\", \"example\": \"1995-01-01\", \"maxLength\": 3} | :a | endpoint e: parameter a: pattern and maxLength are for strings",
            "{\"name\": \"a\", \"type\": \"number\", \"example\": \"1\", \"min\": 1} | :a | endpoint e: parameter a: the type is date, decimal, integer, string, timestamp or timestamptz, not number",
            "{\"name\": \"a\", \"type\": \"integer\", \"example\": \"1\", \"min\": 99999999999999999999} | :a | endpoint e: parameters[0].min is out of the range of a 64-bit integer (line 1)",
            // A decimal's bounds are JSON numbers, each a value it could take, on no other type but an integer.
            "{\"name\": \"a\", \"type\": \"date\", \"example\": \"1995-01-01\", \"min\": 1} | :a | endpoint e: parameter a: min and max are for integers and decimals",
            "{\"name\": \"a\", \"type\": \"string\", \"example\": \"x\", \"max\": 1} | :a | endpoint e: parameter a: min and max are for integers and decimals",
            // A time says which kind it is: an offset on a wall-clock time, or none on a moment, is a mistake.
            "{\"name\": \"a\", \"type\": \"timestamp\", \"example\": \"2024-03-10T12:00:00Z\"} | :a | endpoint e: parameter a: \"2024-03-10T12:00:00Z\" is not valid: Parameter a must be a time, YYYY-MM-DDTHH:MM:SS with at most 6 fraction digits and no offset.",
            "{\"name\": \"a\", \"type\": \"timestamptz\", \"default\": \"2024-03-10T12:00:00\"} | :a | endpoint e: parameter a: \"2024-03-10T12:00:00\" is not valid: Parameter a must be a time with an offset, YYYY-MM-DDTHH:MM:SS with at most 6 fraction digits, then Z or +HH:MM.",
            "{\"name\": \"a\", \"type\": \"timestamp\", \"example\": \"2024-03-10 12:00:00\", \"error\": \"Give a time.\"} | :a | endpoint e: parameter a: \"2024-03-10 12:00:00\" is not valid: Give a time.",
            "{\"name\": \"a\", \"type\": \"timestamp\", \"example\": \"2024-03-10T12:00:00\", \"min\": 1} | :a | endpoint e: parameter a: min and max are for integers and decimals",
            "{\"name\": \"a\", \"type\": \"timestamptz\", \"example\": \"2024-03-10T12:00:00Z\", \"pattern\": \"x\"} | :a | endpoint e: parameter a: pattern and maxLength are for strings",
            "{\"name\": \"a\", \"type\": \"date\", \"example\": \"1995-01-01\", \"min\": 0.5} | :a | endpoint e: parameters[0].min has a value of the wrong type (line 1)",
            "{\"name\": \"a\", \"type\": \"decimal\", \"example\": \"1\", \"min\": 2.5, \"max\": 2.25} | :a | endpoint e: parameter a: min is above max",
            "{\"name\": \"a\", \"type\": \"decimal\", \"example\": \"1\", \"min\": \"0.5\"} | :a | endpoint e: parameters[0].min has a value of the wrong type (line 1)",
            "{\"name\": \"a\", \"type\": \"decimal\", \"example\": \"1\", \"max\": true} | :a | endpoint e: parameters[0].max has a value of the wrong type (line 1)",
            "{\"name\": \"a\", \"type\": \"decimal\", \"example\": \"1\", \"max\": [1]} | :a | endpoint e: parameters[0].max has a value of the wrong type (line 1)",
            "{\"name\": \"a\", \"type\": \"decimal\", \"example\": \"1\", \"min\": 0.0000000000000000001} | :a | endpoint e: parameter a: min has more digits than a value may have, 18",
            "{\"name\": \"a\", \"type\": \"decimal\", \"example\": \"1\", \"max\": 1e18} | :a | endpoint e: parameter a: max has more digits than a value may have, 18",
            "{\"name\": \"a\", \"type\": \"decimal\", \"example\": \"1e3\"} | :a | endpoint e: parameter a: \"1e3\" is not valid: Parameter a must be a decimal number.",
            "{\"name\": \"a\", \"type\": \"decimal\", \"example\": \"2\", \"min\": 2.5} | :a | endpoint e: parameter a: \"2\" is not valid: Parameter a must be a decimal number of at least 2.5.",
            "{\"name\": \"a\", \"type\": \"decimal\", \"example\": \"1\", \"maxLength\": 3} | :a | endpoint e: parameter a: pattern and maxLength are for strings",
            "{\"name\": \"a\", \"min\": 0.5, \"type\": \"integer\", \"example\": \"1\"} | :a | endpoint e: parameters[0].min has a value of the wrong type (line 1)",
            "{\"name\": \"a\", \"type\": \"integer\", \"example\": \"1\", \"max\": -9223372036854775809} | :a | endpoint e: parameters[0].max is out of the range of a 64-bit integer (line 1)",
            "{\"name\": \"a\", \"type\": \"string\", \"example\": \"x\", \"maxLength\": 3000000000} | :a | endpoint e: parameters[0].maxLength is out of the range of a 32-bit integer (line 1)",
            "{\"name\": \"a\", \"type\": \"string\", \"example\": \"x\", \"pattern\": \"[\"} | :a | endpoint e: parameter a: the pattern is not a regular expression: Unclosed character class",
            "{\"name\": \"A\", \"type\": \"string\", \"example\": \"x\"} | :A | endpoint e: parameter A: names are lower-case letters, digits and _",
            "{\"name\": \"a\", \"type\": \"string\", \"example\": \"x\", \"colour\": \"red\"} | :a | endpoint e: parameters[0].colour is an unknown field (line 1)",
            "{\"name\": \"a\", \"type\": \"string\", \"example\": \"x\", \"error\": \" \"} | :a | endpoint e: parameter a: the error message is empty",
            "{\"name\": \"a\", \"type\": \"string\", \"example\": \"x\"} | :a\\u0000 | endpoint e: the SQL has the control character U+0000; tab, CR and LF are the only ones it may have",
            "{\"name\": \"a\", \"type\": \"string\", \"example\": \"x\"} | :a\\t\\r\\n\\u007f | endpoint e: the SQL has the control character U+007F; tab, CR and LF are the only ones it may have",
            // An optional parameter is one of the query, without a default, with an example; "required" is a JSON boolean.
            "{\"name\": \"a\", \"type\": \"date\", \"example\": \"1995-01-01\", \"in\": \"path\", \"required\": false} | :a | endpoint e: parameter a: a path parameter is always required",
            "{\"name\": \"a\", \"type\": \"date\", \"default\": \"1995-01-01\", \"required\": false} | :a | endpoint e: parameter a: \"required\": false and a default are one or the other: a request without it binds NULL, or the default",
            "{\"name\": \"a\", \"type\": \"date\", \"default\": \"1995-01-01\", \"required\": true} | :a | endpoint e: parameter a: \"required\": true contradicts the default, which a request without it gets",
            "{\"name\": \"a\", \"type\": \"date\", \"required\": false} | :a | endpoint e: parameter a: give an example",
            "{\"name\": \"a\", \"type\": \"integer\", \"required\": false, \"example\": \"1.5\"} | :a | endpoint e: parameter a: \"1.5\" is not valid: Parameter a must be an integer.",
            "{\"name\": \"a\", \"type\": \"date\", \"example\": \"1995-01-01\", \"required\": \"false\"} | :a | endpoint e: parameters[0].required has a value of the wrong type (line 1)",
            "{\"name\": \"a\", \"type\": \"date\", \"example\": \"1995-01-01\", \"required\": 0} | :a | endpoint e: parameters[0].required has a value of the wrong type (line 1)",
    })
    void aMistakeIsNamedWithItsEndpoint(String parameters, String sqlParameters, String message) throws Exception {
        Path file = file(parameters, sqlParameters);
        assertThatThrownBy(() -> EndpointsFile.read(file)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage(file + ": " + message);
    }

    /** JSON Schema reads a pattern as JavaScript does, so one in Java syntax alone would make the API description wrong. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            // pattern | what it has
            "(?i)[a-z]+ | the inline flags (?i",
            "(?i:x) | the inline flags (?i",
            "(?>ab)c | the atomic group (?>",
            "a++ | the possessive quantifier ++",
            "a*+ | the possessive quantifier *+",
            "a?+ | the possessive quantifier ?+",
            "a{2}+ | the possessive quantifier }+",
            "\\Aa | the escape \\A",
            "a\\z | the escape \\z",
            "a\\Z | the escape \\Z",
            "\\Ga | the escape \\G",
            "\\Qa.b\\E | the escape \\Q",
            "\\h+ | the escape \\h",
            "\\R | the escape \\R",
            "\\v | the escape \\v",
            "a\\s+b | the escape \\s",
            "a\\b | the escape \\b",
            "\\0101 | the escape \\0",
            "\\x{41} | the escape \\x{41}",
            "\\-1 | the escape \\-",
            "\\p{javaLowerCase}+ | the escape \\p{javaLowerCase}",
            "\\p{Alpha} | the escape \\p{Alpha}",
            "\\pL | the escape \\pL",
            "[a-z&&[^q]] | the class intersection &&",
            "[a-z[0-9]] | a [ inside a character class",
            "[]a] | a ] first in a character class",
            "[^]a] | a ] first in a character class",
            "a] | a ] outside a character class",
            "a} | a } that closes no {n,m}",
            // JavaScript with Unicode refuses these; Java repeats the lookaround, or reads the class, a - and the character.
            "(?=a)* | the quantified lookaround (?=...)*",
            "b(?<=a)+ | the quantified lookaround (?<=...)+",
            "(?!a){2}b | the quantified lookaround (?!...){",
            "((?<!a)?b) | the quantified lookaround (?<!...)?",
            "[\\d-z] | the class escape \\d as an end of the range \\d-z",
            "[a-c\\w-z] | the class escape \\w as an end of the range \\w-z",
            "[^\\p{L}-z] | the class escape \\p{L} as an end of the range \\p{L}-z",
            "[\\D-\\W] | the class escape \\D as an end of the range \\D-\\W",
    })
    void aPatternInJavaSyntaxAloneIsRefused(String pattern, String construct) throws Exception {
        Path file = file("{\"name\": \"a\", \"type\": \"string\", \"example\": \"x\", \"pattern\": " + jsonString(pattern) + "}", ":a");
        assertThatThrownBy(() -> EndpointsFile.read(file)).isInstanceOf(IllegalArgumentException.class).hasMessage(file
                + ": endpoint e: parameter a: the pattern has " + construct + ", which JavaScript (and so JSON Schema) does not read as Java does");
    }

    /** What Java and JavaScript read alike, escaped characters and classes holding ( ? ) [ included, is taken as written. */
    @ParameterizedTest
    @CsvSource(delimiterString = " -> ", value = {
            // pattern -> a value it matches
            "[FOP] -> F",
            "\\(\\d{3}\\) \\d{4} -> (555) 1234",
            "[(?i)]+ -> (?)",
            "[a-z\\-]+ -> a-b",
            "\\++\\\\ -> ++\\",
            "[+]+x -> ++x",
            "(?:ab)+?c -> ababc",
            "(?=a)\\w(?<!b) -> a",
            "(?<year>\\d{4})-\\d{2} -> 1995-01",
            "\\p{Lu}\\p{L}* -> Été",
            "[^\\]\\[] -> x",
            "\\u00e9\\x41 -> éA",
            "a{1,3}[{}] -> aa{",
            "a|b -> b",
            "\\.\\*\\?\\$\\^\\/\\[\\]\\{\\}\\| -> .*?$^/[]{}|",
            // A class escape beside a - that makes no range; a range then a - and a class escape; a quantifier after a group.
            "[\\w-]+ -> a-",
            "[-\\d]+ -> -5",
            "[a-b-\\d]+ -> a-5",
            "[\\--a]+ -> -5",
            "(?=a)(?:a)*(a)+ -> aa",
    })
    void aPatternInSyntaxJavaAndJavaScriptShareIsTaken(String pattern, String value) throws Exception {
        SqlEndpoint endpoint = EndpointsFile.read(file("{\"name\": \"a\", \"type\": \"string\", \"example\": " + jsonString(value)
                + ", \"pattern\": " + jsonString(pattern) + "}", ":a")).get(0);
        assertThat(endpoint.parameters().get(0).constraints()).containsEntry("pattern", "^(?:" + pattern + ")$");
    }

    /** Java itself refuses a class escape at the end of a range that starts with a character. */
    @Test
    void aRangeEndingInAClassEscapeIsNoJavaPattern() throws Exception {
        for (String pattern : List.of("[a-\\w]", "[%-\\d]")) {
            Path file = file("{\"name\": \"a\", \"type\": \"string\", \"example\": \"x\", \"pattern\": " + jsonString(pattern) + "}", ":a");
            assertThatThrownBy(() -> EndpointsFile.read(file)).as(pattern)
                    .hasMessage(file + ": endpoint e: parameter a: the pattern is not a regular expression: Illegal character range");
        }
    }

    @Test
    void idsAndPathsAreTheirEndpointsOwn() throws Exception {
        String endpoint = """
                {"id": "%s", "title": "T", "path": "%s", "parameters": [%s], "sql": "SELECT 1 AS one%s", "columns": [{"name": "ONE", "type": "integer"}]}""";
        String clerk = endpoint.formatted("clerk", "/clerk/{id}/yearly_sales/{y}",
                "{\"name\": \"id\", \"in\": \"path\", \"type\": \"integer\", \"example\": \"1\"},"
                        + " {\"name\": \"y\", \"in\": \"path\", \"type\": \"integer\", \"example\": \"1995\"}", " WHERE :id = :y");
        String plain = endpoint.formatted("plain", "/plain", "", "");
        assertRefused("[" + clerk + "]", "endpoint clerk: the path /clerk/{id}/yearly_sales/{y} matches requests that"
                + " /clerk/{clerk_id}/yearly_sales/{year} of a built-in report matches");
        assertRefused("[" + endpoint.formatted("hidden", "/clerk/x/yearly_sales/2020", "", "") + "]", "endpoint hidden: the path"
                + " /clerk/x/yearly_sales/2020 matches requests that /clerk/{clerk_id}/yearly_sales/{year} of a built-in report matches");
        assertRefused("[" + endpoint.formatted("named", "/customers/{name}", "{\"name\": \"name\", \"in\": \"path\", \"type\": \"string\","
                + " \"example\": \"x\"}", " WHERE :name = ''") + "]",
                "endpoint named: the path /customers/{name} matches requests that /customers/top10 of a built-in report matches");
        assertRefused("[" + plain + ", " + plain.replace("\"plain\", \"title\"", "\"other\", \"title\"") + "]",
                "endpoint other: the path /plain matches requests that /plain of endpoint plain matches");
        assertRefused("[" + endpoint.formatted("p", "/a/../b", "", "") + "]", "endpoint p: the path segment \"..\" is neither lower-case text nor {name}");
        assertRefused("[null]", "endpoint 1 of the list is null");
        assertRefused("[" + endpoint.formatted("p", "/a", "null", "") + "]", "endpoint p: a parameter is null");
        assertRefused("[" + endpoint.formatted("p", "/a", "", "").replace("[{\"name\": \"ONE\", \"type\": \"integer\"}]", "[null]") + "]",
                "endpoint p: a column is null");
        assertRefused("[" + endpoint.formatted("customers_top10", "/x", "", "") + "]", "endpoint customers_top10: the id is taken by a built-in report");
        assertRefused("[" + plain + ", " + plain.replace("\"/plain\"", "\"/plain2\"") + "]", "endpoint plain: the id is taken by another endpoint");
        assertRefused("[" + endpoint.formatted("unmatched", "/x", "", "") + "]",
                "endpoint unmatched: the id unmatched is what the logs and metrics name requests no route matched");
        assertRefused("[" + endpoint.formatted("p", "/a/{x}", "", "") + "]", "endpoint p: the path has {x} but no parameter declares it");
        assertRefused("[" + endpoint.formatted("p", "/A", "", "") + "]", "endpoint p: the path segment \"A\" is neither lower-case text nor {name}");
        assertRefused("[" + endpoint.formatted("p", "/z/a/", "", "") + "]", "endpoint p: the path must not end with /, such as /orders/by_priority");
        assertRefused("[" + endpoint.formatted("p", "/", "", "") + "]",
                "endpoint p: the path must start with / and name at least one segment, such as /orders/by_priority");
        assertRefused("[" + endpoint.formatted("p", "/a", "", "").replace("\"ONE\"", "\"one\"") + "]",
                "endpoint p: column one: names are the JSON keys, in UPPER CASE as the reports' are");
        assertRefused("[" + endpoint.formatted("p", "/a", "", "").replace("\"integer\"", "\"float\"") + "]",
                "endpoint p: column ONE: the type is integer, string, money, decimal, double, boolean or timestamp, not float");
        assertRefused("[]", "no endpoints; the file holds {\"endpoints\": [...]}");
    }

    /**
     * DuckDB and PostgreSQL refuse a negative LIMIT or OFFSET: a value they read so must have a min of 0
     * or more, or a request could fail the query; a LIMIT's needs a max too, or a request could ask for
     * every row. The refusal says which of these the parameter lacks.
     */
    @Test
    void aNumberOfRowsIsAnIntegerFromAMinOfZeroOrMoreAndALimitHasAMax() throws Exception {
        String endpoint = """
                {"id": "rows", "title": "T", "path": "/rows", "parameters": [{"name": "n", "default": "10", %s}],
                 "sql": "SELECT o_orderkey FROM orders ORDER BY o_orderkey %s", "columns": [{"name": "O_ORDERKEY", "type": "integer"}]}""";
        Map<String, String> limitRefusals = Map.of(
                "\"type\": \"integer\"", "it has no min, and the warehouse refuses a negative one",
                "\"type\": \"integer\", \"max\": 100", "it has no min, and the warehouse refuses a negative one",
                "\"type\": \"integer\", \"min\": -1, \"max\": 100", "its min is -1, and the warehouse refuses a negative one",
                "\"type\": \"integer\", \"min\": 0", "it has no max, so one request could ask for every row",
                "\"type\": \"integer\", \"min\": 1", "it has no max, so one request could ask for every row",
                "\"type\": \"string\"", "it is declared string");
        for (String clause : List.of("LIMIT :n", "LIMIT :n OFFSET :n", "OFFSET 5 ROWS FETCH FIRST :n ROWS ONLY", "FETCH NEXT :n ROWS ONLY")) {
            for (Map.Entry<String, String> refusal : limitRefusals.entrySet()) {
                assertRefused("[" + endpoint.formatted(refusal.getKey(), clause) + "]", "endpoint rows: parameter n is the number of rows"
                        + " a LIMIT or FETCH keeps, but " + refusal.getValue() + ": declare it an integer with a min of 0 or more and a max");
            }
            assertRead(endpoint.formatted("\"type\": \"integer\", \"min\": 0, \"max\": 100", clause));
        }
        Map<String, String> offsetRefusals = Map.of(
                "\"type\": \"integer\", \"max\": 100", "it has no min, and the warehouse refuses a negative one",
                "\"type\": \"integer\", \"min\": -1", "its min is -1, and the warehouse refuses a negative one",
                "\"type\": \"string\"", "it is declared string");
        for (String clause : List.of("LIMIT 5 OFFSET :n", "OFFSET :n ROWS FETCH FIRST 5 ROWS ONLY")) {
            for (Map.Entry<String, String> refusal : offsetRefusals.entrySet()) {
                assertRefused("[" + endpoint.formatted(refusal.getKey(), clause) + "]", "endpoint rows: parameter n is the number of rows"
                        + " an OFFSET skips, but " + refusal.getValue() + ": declare it an integer with a min of 0 or more");
            }
            // An OFFSET only skips rows: any number of them from 0 up is a count.
            assertRead(endpoint.formatted("\"type\": \"integer\", \"min\": 0", clause));
        }
    }

    /**
     * A NULL row count is none at all to DuckDB and PostgreSQL, a LIMIT that keeps every row, so a parameter they read
     * as one is given a default, never left out.
     */
    @Test
    void aNumberOfRowsIsNeverOptional() throws Exception {
        String endpoint = """
                {"id": "rows", "title": "T", "path": "/rows", "parameters": [{"name": "n", "type": "integer", "min": 0, "max": 100, "example": "10"%s}],
                 "sql": "SELECT o_orderkey FROM orders ORDER BY o_orderkey %s", "columns": [{"name": "O_ORDERKEY", "type": "integer"}]}""";
        for (String clause : List.of("LIMIT :n", "FETCH FIRST :n ROWS ONLY", "LIMIT 5 OFFSET :n")) {
            boolean limit = !clause.contains("OFFSET");
            assertRefused("[" + endpoint.formatted(", \"required\": false", clause) + "]", "endpoint rows: parameter n is the number of rows "
                    + (limit ? "a LIMIT or FETCH keeps" : "an OFFSET skips") + ", but it is \"required\": false, and without it the warehouse would"
                    + " read NULL as " + (limit ? "no limit" : "no offset") + ": give it a default instead");
            assertRead(endpoint.formatted(", \"required\": true", clause));
            assertRead(endpoint.formatted("", clause));
        }
    }

    private void assertRead(String endpoint) throws Exception {
        Path file = Files.writeString(work.resolve("rows.json"), "{\"endpoints\": [" + endpoint + "]}");
        assertThat(EndpointsFile.read(file)).as(endpoint).hasSize(1);
    }

    @Test
    void valuesAreAsciiAndFreeOfControlCharactersAndBoundsAreWholeNumbers() throws Exception {
        SqlEndpoint endpoint = EndpointsFile.read(file("""
                {"name": "n", "type": "integer", "example": "1"},
                {"name": "s", "type": "string", "default": "x"}""", ":n, :s")).get(0);
        assertThat(endpoint.bind(values(Map.of("n", "-12", "s", "a b")))).containsExactly(-12L, "a b");
        for (String number : List.of("\u0661\u0662", "+1", "1.0", "-", "12345678901234567890")) {
            assertThatThrownBy(() -> endpoint.bind(values(Map.of("n", number)))).as(number).hasMessage("Parameter n must be an integer.");
        }
        assertThat(endpoint.bind(values(Map.of("n", "1", "s", "\uD83D\uDE00".repeat(200))))).as("200 characters, 400 UTF-16 units").hasSize(2);
        for (String text : List.of("a\u0000b", "tab\there", "\u007f", "\u0085", "\uD83D\uDE00".repeat(201))) {
            assertThatThrownBy(() -> endpoint.bind(values(Map.of("n", "1", "s", text)))).hasMessage("Parameter s must be at most 200 characters without control characters.");
        }
        Path fraction = file("{\"name\": \"n\", \"type\": \"integer\", \"example\": \"1\", \"min\": 1.5}", ":n");
        assertThatThrownBy(() -> EndpointsFile.read(fraction))
                .hasMessage(fraction + ": endpoint e: parameters[0].min has a value of the wrong type (line 1)");
        for (String loose : List.of("\"min\": \"1\"", "\"max\": \"0100\"")) {
            Path asText = file("{\"name\": \"n\", \"type\": \"integer\", \"example\": \"1\", " + loose + "}", ":n");
            assertThatThrownBy(() -> EndpointsFile.read(asText)).as(loose).hasMessageEndingWith("has a value of the wrong type (line 1)");
        }
        Path numberAsText = file("{\"name\": \"n\", \"type\": \"integer\", \"default\": 10}", ":n");
        assertThatThrownBy(() -> EndpointsFile.read(numberAsText))
                .hasMessage(numberAsText + ": endpoint e: parameters[0].default has a value of the wrong type (line 1)");
        Path twoDocuments = Files.writeString(work.resolve("two.json"), Files.readString(EXAMPLE) + Files.readString(EXAMPLE));
        assertThatThrownBy(() -> EndpointsFile.read(twoDocuments)).hasMessage(twoDocuments + ": more follows the end of the JSON document (line 37)");
        Path list = Files.writeString(work.resolve("list.json"), "[]");
        assertThatThrownBy(() -> EndpointsFile.read(list)).hasMessage(list + ": the file holds {\"endpoints\": [...]} (line 1)");
    }

    /**
     * A decimal is its exact digits, never a double's: ASCII, an optional -, digits with at most one point
     * between them, 18 digits at most (DuckDB fails to compare a column with some longer ones), within bounds written as
     * JSON numbers and read as exactly.
     */
    @Test
    void aDecimalIsExactAsciiDigitsOfAtMost18WithinItsBounds() throws Exception {
        SqlEndpoint endpoint = EndpointsFile.read(file("""
                {"name": "d", "type": "decimal", "example": "1000.50"},
                {"name": "b", "max": 0.30000000000000001, "type": "decimal", "min": -1234567890123456.5, "default": "0"}""", ":d, :b")).get(0);
        String eighteen = "123456789012345678";
        for (String good : List.of("1000.50", "1000.505", "-0.5", "0", "-12", "007.25", "0.1", eighteen, "-" + eighteen,
                "0.00000000000000001", "12345678901234567.8")) {
            assertThat(endpoint.bind(values(Map.of("d", good)))).as(good).containsExactly(new BigDecimal(good), BigDecimal.ZERO);
            assertThat(((BigDecimal) endpoint.bind(values(Map.of("d", good))).get(0)).toPlainString()).as(good)
                    .isEqualTo(good.equals("007.25") ? "7.25" : good);
        }
        for (String bad : List.of("1e3", "1E3", "+1", "1.", ".5", "-.5", "1,5", " 1", "1 ", "-", "--1", "1.2.3", "\u0661\u0662",
                "\uFF11", "1\u06F1", "NaN", "Infinity", "0x10", "1_000", "1.5d", eighteen + "9", "0.0" + eighteen.substring(1),
                "1" + eighteen + ".5")) {
            assertThatThrownBy(() -> endpoint.bind(values(Map.of("d", bad)))).as(bad)
                    .isInstanceOf(BadRequestException.class).hasMessage("Parameter d must be a decimal number.");
        }
        String range = "Parameter b must be a decimal number from -1234567890123456.5 to 0.30000000000000001.";
        for (String inside : List.of("0.3", "0.30000000000000001", "0.3000000000000000", "-1234567890123456.5")) {
            assertThat(endpoint.bind(values(Map.of("d", "1", "b", inside)))).as(inside).containsExactly(BigDecimal.ONE, new BigDecimal(inside));
        }
        for (String outside : List.of("0.30000000000000002", "1", "-1234567890123456.6", "-1234567890123457")) {
            assertThatThrownBy(() -> endpoint.bind(values(Map.of("d", "1", "b", outside)))).as(outside)
                    .isInstanceOf(BadRequestException.class).hasMessage(range);
        }
        assertThat(endpoint.parameters().get(1).errors()).containsExactly(range);
        assertThat(endpoint.parameters().get(1).constraints()).containsExactly(
                Map.entry("minimum", new BigDecimal("-1234567890123456.5")), Map.entry("maximum", new BigDecimal("0.30000000000000001")));
        assertThat(endpoint.parameters().get(0).errors()).containsExactly("Parameter d must be a decimal number.", "Missing parameter d.");

        Path oneBound = file("{\"name\": \"d\", \"type\": \"decimal\", \"example\": \"100\", \"min\": 1E2}", ":d");
        assertThat(EndpointsFile.read(oneBound).get(0).parameters().get(0).errors())
                .as("a bound is written without an exponent").containsExactly("Parameter d must be a decimal number of at least 100.", "Missing parameter d.");
    }

    /**
     * A wall-clock time is bound as it is written, and a moment as the same moment in UTC, whatever its offset: two
     * writings of one moment are one value, so one key of the result cache, and the warehouse is sent that value for both.
     */
    @Test
    void aTimeIsBoundAsAWallClockTimeAndAMomentInUtc() throws Exception {
        SqlEndpoint endpoint = EndpointsFile.read(file("""
                {"name": "since", "type": "timestamp", "example": "2024-03-10T12:00:00"},
                {"name": "moment", "type": "timestamptz", "default": "2024-03-10T12:00:00Z"}""", ":since, :moment")).get(0);
        OffsetDateTime noonUtc = OffsetDateTime.of(2024, 3, 10, 12, 0, 0, 0, ZoneOffset.UTC);
        assertThat(endpoint.bind(values(Map.of("since", "2024-03-10T23:59:59.000001"))))
                .containsExactly(LocalDateTime.of(2024, 3, 10, 23, 59, 59, 1_000), noonUtc);
        for (String moment : List.of("2024-03-10T14:00:00+02:00", "2024-03-10T12:00:00.000Z", "2024-03-10T06:30:00-05:30",
                "2024-03-11T06:00:00+18:00", "2024-03-10T12:00:00-00:00")) {
            List<Object> bound = endpoint.bind(values(Map.of("since", "0001-01-01T00:00:00", "moment", moment)));
            assertThat(bound).as(moment).containsExactly(LocalDateTime.of(1, 1, 1, 0, 0), noonUtc);
            assertThat(((OffsetDateTime) bound.get(1)).getOffset()).as(moment).isEqualTo(ZoneOffset.UTC);
        }
        assertThat(endpoint.bind(values(Map.of("since", "2024-03-10T12:00:00", "moment", "0001-01-01T00:30:00+01:00"))).get(1))
                .as("a moment of year 1 an hour east of UTC is in year 0 in UTC").isEqualTo(OffsetDateTime.of(0, 12, 31, 23, 30, 0, 0, ZoneOffset.UTC));
        assertThat(endpoint.parameters().get(0).errors()).containsExactly(
                "Parameter since must be a time, YYYY-MM-DDTHH:MM:SS with at most 6 fraction digits and no offset.", "Missing parameter since.");
    }

    /**
     * A query parameter of {@code "required": false} binds a NULL of its type when a request leaves it out or sends it
     * empty, as a default would be bound; a value, when given, is read as a required parameter's. A value is never that
     * NULL, the empty text and "null" included. {@code "required": true} is what a parameter without a default is anyway.
     */
    @Test
    void anOptionalParameterBindsANullOfItsTypeWhenLeftOutOrEmpty() throws Exception {
        SqlEndpoint endpoint = EndpointsFile.read(file("""
                {"name": "i", "type": "integer", "required": false, "min": 1, "example": "1"},
                {"name": "d", "type": "decimal", "required": false, "example": "1.5"},
                {"name": "s", "type": "string", "required": false, "example": "x"},
                {"name": "day", "type": "date", "required": false, "example": "1995-01-01"},
                {"name": "t", "type": "timestamp", "required": false, "example": "2024-03-10T12:00:00"},
                {"name": "tz", "type": "timestamptz", "required": false, "example": "2024-03-10T12:00:00Z"},
                {"name": "r", "type": "integer", "required": true, "example": "7"}""", ":i, :d, :s, :day, :t, :tz, :r")).get(0);
        List<Object> leftOut = List.of(new SqlNull(Long.class), new SqlNull(BigDecimal.class), new SqlNull(String.class), new SqlNull(LocalDate.class),
                new SqlNull(LocalDateTime.class), new SqlNull(OffsetDateTime.class), 7L);
        assertThat(endpoint.bind(values(Map.of("r", "7")))).isEqualTo(leftOut);
        assertThat(endpoint.bind(values(Map.of("i", "", "d", "", "s", "", "day", "", "t", "", "tz", "", "r", "7")))).isEqualTo(leftOut);
        assertThat(endpoint.bind(values(Map.of("i", "2", "d", "0.25", "s", "null", "day", "1995-02-28", "t", "2024-03-10T12:00:00.5",
                "tz", "2024-03-10T14:00:00+02:00", "r", "7")))).containsExactly(2L, new BigDecimal("0.25"), "null", LocalDate.of(1995, 2, 28),
                LocalDateTime.of(2024, 3, 10, 12, 0, 0, 500_000_000), OffsetDateTime.of(2024, 3, 10, 12, 0, 0, 0, ZoneOffset.UTC), 7L);
        assertThat(endpoint.bind(values(Map.of("s", " ", "r", "7"))).get(2)).isEqualTo(" ");
        assertThat(new SqlNull(String.class)).isNotEqualTo("").isNotEqualTo("null").isNotEqualTo(new SqlNull(Long.class));
        assertThatThrownBy(() -> endpoint.bind(values(Map.of("i", "0", "r", "7")))).isInstanceOf(BadRequestException.class)
                .hasMessage("Parameter i must be an integer of at least 1.");
        assertThatThrownBy(() -> endpoint.bind(values(Map.of("day", "1995-02-30", "r", "7")))).isInstanceOf(BadRequestException.class)
                .hasMessage("Parameter day must be a date, YYYY-MM-DD.");
        assertThatThrownBy(() -> endpoint.bind(values(Map.of()))).isInstanceOf(BadRequestException.class).hasMessage("Missing parameter r.");

        Parameter<?> optional = endpoint.parameters().get(0);
        assertThat(optional.isRequired()).isFalse();
        assertThat(optional.defaultValue()).isEmpty();
        assertThat(optional.example()).isEqualTo("1");
        assertThat(optional.errors()).as("never missing").containsExactly("Parameter i must be an integer of at least 1.");
        assertThat(endpoint.parameters().get(6).isRequired()).isTrue();
        assertThat(endpoint.parameters().get(6).errors()).containsExactly("Parameter r must be an integer.", "Missing parameter r.");
    }

    /** An endpoint's "cache_ttl" is written as --cache-ttl is; without it, the endpoint keeps the server's. */
    @Test
    void aCacheLifetimeIsWrittenAsTheServersIs() throws Exception {
        String endpoint = """
                [{"id": "e", "title": "E", "path": "/e"%s, "sql": "SELECT 1 AS x", "columns": [{"name": "X", "type": "integer"}]}]""";
        Map<String, Optional<CacheTtl>> written = Map.of(
                "", Optional.empty(),
                ", \"cache_ttl\": null", Optional.empty(),
                ", \"cache_ttl\": \"auto\"", Optional.of(new CacheTtl(Optional.empty())),
                ", \"cache_ttl\": \"forever\"", Optional.of(new CacheTtl(Optional.of(CacheLifetime.FOREVER))),
                ", \"cache_ttl\": \"off\"", Optional.of(new CacheTtl(Optional.of(CacheLifetime.OFF))),
                ", \"cache_ttl\": \"90s\"", Optional.of(new CacheTtl(Optional.of(CacheLifetime.of(Duration.ofSeconds(90))))));
        for (Map.Entry<String, Optional<CacheTtl>> each : written.entrySet()) {
            Path file = Files.writeString(work.resolve("endpoints.json"), "{\"endpoints\": " + endpoint.formatted(each.getKey()) + "}");
            assertThat(EndpointsFile.read(file)).as(each.getKey()).singleElement().extracting(SqlEndpoint::cacheTtl).isEqualTo(each.getValue());
        }
        assertRefused(endpoint.formatted(", \"cache_ttl\": \"5 minutes\""),
                "endpoint e: cache_ttl '5 minutes' is not auto, forever, off or a duration such as 500ms, 5s, 1m or 1h");
        assertRefused(endpoint.formatted(", \"cache_ttl\": \"0s\""),
                "endpoint e: cache_ttl '0s' is not auto, forever, off or a duration such as 500ms, 5s, 1m or 1h");
        assertRefused(endpoint.formatted(", \"cache_ttl\": 60"), "endpoint e: cache_ttl has a value of the wrong type (line 1)");
        assertRefused(endpoint.formatted(", \"cache_ttl\": false"), "endpoint e: cache_ttl has a value of the wrong type (line 1)");
    }

    /**
     * A request's values are its own when it gives at least one, else the server's: a default is the deployer's, and an
     * optional parameter's NULL stands for no value; an empty value is none, as it takes the default or the NULL.
     */
    @Test
    void theValuesAreTheRequestsWhereItGivesAtLeastOne() throws Exception {
        SqlEndpoint endpoint = EndpointsFile.read(file("""
                {"name": "n", "type": "integer", "default": "5"},
                {"name": "s", "type": "string", "required": false, "example": "x"}""", ":n, :s")).get(0);
        for (Map<String, String> server : List.of(Map.<String, String>of(), Map.of("n", "", "s", ""), Map.of("other", "1"))) {
            assertThat(endpoint.valuesOrigin(values(server))).as(server.toString()).isEqualTo(ValuesOrigin.SERVER);
        }
        for (Map<String, String> request : List.of(Map.of("n", "5"), Map.of("s", "x"), Map.of("n", "", "s", "null"))) {
            assertThat(endpoint.valuesOrigin(values(request))).as(request.toString()).isEqualTo(ValuesOrigin.REQUEST);
        }
        // The same values, once the default's and once the request's, are one key of the result cache.
        assertThat(endpoint.bind(values(Map.of()))).isEqualTo(endpoint.bind(values(Map.of("n", "5"))));
    }

    /** A value JSON cannot give its field is named in its endpoint, by the id where the file has one, with its line. */
    @Test
    void aFieldOfTheWrongTypeIsNamedByItsEndpointsId() throws Exception {
        String endpoint = """
                {"id": %s, "title": "T", "path": "/p%d", "parameters": [{"name": "n", "type": "integer", "example": "1"%s}],
                 "sql": "SELECT :n AS x", "columns": [{"name": "X", "type": "integer"}]}""";
        String fits = endpoint.formatted("\"first\"", 1, "");
        Map<String, String> mistakes = Map.of(
                ", \"min\": \"1\"", "parameters[0].min has a value of the wrong type",
                ", \"max\": 99999999999999999999", "parameters[0].max is out of the range of a 64-bit integer",
                ", \"colour\": \"red\"", "parameters[0].colour is an unknown field");
        for (Map.Entry<String, String> mistake : mistakes.entrySet()) {
            for (Map.Entry<String, String> id : Map.of("\"second\"", "endpoint second: ", "null", "endpoints[1].",
                    "\"Two words\\nand a line\"", "endpoints[1].").entrySet()) {
                assertRefused("[" + fits + ",\n" + endpoint.formatted(id.getKey(), 2, mistake.getKey()) + "]",
                        id.getValue() + mistake.getValue() + " (line 3)");
            }
        }
        assertRefused("[" + fits + ",\n" + endpoint.formatted("7", 2, "") + "]", "endpoints[1].id has a value of the wrong type (line 3)");
        assertRefused("[" + fits + ", \"second\"]", "endpoints[1] has a value of the wrong type (line 2)");
    }

    @Test
    void aMissingOrMalformedFileIsNamed() throws Exception {
        assertThatThrownBy(() -> EndpointsFile.read(work.resolve("none.json"))).hasMessage("no such file " + work.resolve("none.json"));
        Path broken = Files.writeString(work.resolve("broken.json"), "{\"endpoints\": [\n{\"id\": }]}");
        assertThatThrownBy(() -> EndpointsFile.read(broken)).hasMessageStartingWith(broken + ": Unexpected character ('}'").hasMessageEndingWith("(line 2)");
    }

    private static String jsonString(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static RequestValues values(Map<String, String> raw) {
        return parameter -> raw.get(parameter.name());
    }

    private void assertRefused(String endpoints, String message) throws Exception {
        Path file = Files.writeString(work.resolve("endpoints.json"), "{\"endpoints\": " + endpoints + "}");
        assertThatThrownBy(() -> EndpointsFile.read(file)).isInstanceOf(IllegalArgumentException.class).hasMessage(file + ": " + message);
    }

    /** A file of one endpoint {@code e} with these parameters, whose SQL selects {@code sqlParameters}. */
    private Path file(String parameters, String sqlParameters) throws Exception {
        return Files.writeString(work.resolve("endpoints.json"), """
                {"endpoints": [{"id": "e", "title": "E", "path": "/e", "parameters": [%s], "sql": "SELECT %s AS x", "columns": [{"name": "X", "type": "string"}]}]}"""
                .formatted(parameters, sqlParameters));
    }
}
