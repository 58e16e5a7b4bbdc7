package dataapi.declared;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NamedParametersTest {
    @Test
    void eachMarkerBecomesAQuestionMarkInTheOrderOfTheText() {
        NamedParameters parsed = NamedParameters.parse("SELECT a FROM t WHERE d BETWEEN :start AND :end_2 OR e = :start");
        assertThat(parsed.sql()).isEqualTo("SELECT a FROM t WHERE d BETWEEN ? AND ? OR e = ?");
        assertThat(parsed.names()).containsExactly("start", "end_2", "start");
    }

    @Test
    void colonsInStringsIdentifiersCommentsAndCastsAreText() {
        String sql = """
                WITH x AS (SELECT 'a:b' AS s, 'it''s :not' AS t, "odd:name" AS u) -- a :comment
                SELECT s, t, u, :real::date AS d /* :neither */ FROM x""";
        NamedParameters parsed = NamedParameters.parse(sql);
        assertThat(parsed.names()).containsExactly("real");
        assertThat(parsed.sql()).isEqualTo(sql.replace(":real::date", "?::date"));
    }

    @Test
    void dollarQuotedStringsAndColonsAfterANameOrBracketAreText() {
        String sql = "SELECT $$a :x ' ?$$ AS s, $tag$ :y $$ $tag$ AS t, v:field AS f, list[1:n] AS l, (v):w AS p, :real AS r, a$b";
        NamedParameters parsed = NamedParameters.parse(sql);
        assertThat(parsed.names()).containsExactly("real");
        assertThat(parsed.sql()).isEqualTo(sql.replace(":real", "?"));
        assertThatThrownBy(() -> NamedParameters.parse("SELECT $q$ open")).hasMessage("the SQL has an unclosed $q$ string");
    }

    @Test
    void aBackslashEscapesAQuoteOnlyInAnEscapeString() {
        String sql = "SELECT E'it\\'s :not' AS a, e'\\\\' AS b, 'c:\\' AS c, :real AS r, typE'\\' AS t";
        NamedParameters parsed = NamedParameters.parse(sql);
        assertThat(parsed.names()).containsExactly("real");
        assertThat(parsed.sql()).isEqualTo(sql.replace(":real", "?"));
        assertThatThrownBy(() -> NamedParameters.parse("SELECT E'open\\'")).hasMessage("the SQL has an unclosed '");
    }

    @Test
    void aDollarAndDigitsAreTextWhereTheyAreNoMarker() {
        String sql = "SELECT '$1' AS a, \"$2\" AS b, $$ $3 $$ AS c, a$4 AS d, :real AS r -- $5\n /* $6 */";
        NamedParameters parsed = NamedParameters.parse(sql);
        assertThat(parsed.names()).containsExactly("real");
        assertThat(parsed.sql()).isEqualTo(sql.replace(":real", "?").strip());
    }

    @Test
    void blockCommentsNest() {
        String sql = "SELECT :a AS a /* outer /* inner */ :not */, :b AS b /* /* */ */";
        NamedParameters parsed = NamedParameters.parse(sql);
        assertThat(parsed.names()).containsExactly("a", "b");
        assertThat(parsed.sql()).isEqualTo(sql.replace(":a", "?").replace(":b", "?"));
        assertThatThrownBy(() -> NamedParameters.parse("SELECT 1 /* a /* b */")).hasMessage("the SQL has an unclosed /* comment");
    }

    /** DuckDB and PostgreSQL end a line comment at a carriage return as at a line feed: what follows is SQL. */
    @Test
    void aLineCommentEndsAtACarriageReturnToo() {
        NamedParameters parsed = NamedParameters.parse("SELECT 1 AS a -- c\r, :x AS b");
        assertThat(parsed.names()).containsExactly("x");
        assertThat(parsed.sql()).isEqualTo("SELECT 1 AS a -- c\r, ? AS b");
    }

    /** The values a LIMIT, an OFFSET or a FETCH FIRST reads as numbers of rows, past comments and brackets; nowhere else. */
    @Test
    void valuesReadAsNumbersOfRowsAreTold() {
        NamedParameters parsed = NamedParameters.parse("""
                SELECT first(:a) AS f, :limit AS l, 'LIMIT' AS s FROM t WHERE b = :b ORDER BY c NULLS FIRST
                limit /* rows */ (:n) OFFSET
                  :o ROWS FETCH NEXT :f ROWS ONLY""");
        assertThat(parsed.names()).containsExactly("a", "limit", "b", "n", "o", "f");
        assertThat(parsed.rowCounts()).containsExactlyInAnyOrder("n", "o", "f");
        assertThat(parsed.rowLimits()).as("the counts of rows returned, not skipped").containsExactlyInAnyOrder("n", "f");
        assertThat(NamedParameters.parse("SELECT * FROM t LIMIT 10 OFFSET :o").rowCounts()).containsExactly("o");
        assertThat(NamedParameters.parse("SELECT * FROM t LIMIT 10 OFFSET :o").rowLimits()).isEmpty();
        assertThat(NamedParameters.parse("SELECT * FROM t FETCH FIRST :n ROW ONLY").rowCounts()).containsExactly("n");
        assertThat(NamedParameters.parse("SELECT * FROM t LIMIT :n OFFSET :n").rowLimits()).containsExactly("n");
        assertThat(NamedParameters.parse("SELECT a AS limit, :x FROM t LIMIT 1 + :y").rowCounts()).isEmpty();
    }

    @Test
    void aTrailingSemicolonIsDropped() {
        assertThat(NamedParameters.parse("SELECT :a; -- done\n").sql()).isEqualTo("SELECT ? -- done");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "SELECT 1; SELECT 2|the SQL holds more than one statement",
            "SELECT 1; 'x'|the SQL holds more than one statement",
            "SELECT a FROM t WHERE b = ?|the SQL has a ? marker; name each value as :name instead",
            "SELECT CAST(:s AS VARCHAR) AS a, CAST($12 AS VARCHAR) AS b|the SQL has a $12 marker, to which DuckDB and PostgreSQL bind a value; name each value as :name instead",
            "SELECT 'open|the SQL has an unclosed '",
            "SELECT 1 /* open|the SQL has an unclosed /* comment",
            "DELETE FROM t WHERE a = :a|the SQL must only read, but it has DELETE",
            "/* a comment */ UPDATE t SET a = 1|the SQL must only read, but it has UPDATE",
            "WITH t AS (SELECT 1) INSERT INTO orders SELECT * FROM t|the SQL must only read, but it has INSERT",
            "SELECT 1; PRAGMA version|the SQL holds more than one statement",
            "SHOW TABLES|the SQL must be one query, starting with SELECT or WITH",
            "(SELECT 1)|the SQL must be one query, starting with SELECT or WITH",
            ":x SELECT 1|the SQL must be one query, starting with SELECT or WITH",
            "'x' SELECT 1|the SQL must be one query, starting with SELECT or WITH",
            "1 SELECT 1|the SQL must be one query, starting with SELECT or WITH",
            // The warehouse would take the rest of the word for an alias.
            "SELECT :xé FROM t|the SQL has a :name with a letter or digit other than a to z, 0 to 9 or _: :xé",
            "SELECT :a١ FROM t|the SQL has a :name with a letter or digit other than a to z, 0 to 9 or _: :a١",
    })
    void refuses(String sql, String message) {
        assertThatThrownBy(() -> NamedParameters.parse(sql)).isInstanceOf(IllegalArgumentException.class).hasMessage(message);
    }

    @Test
    void wordsOfWritesAreTextInStringsQuotedNamesAndLongerNames() {
        assertThat(NamedParameters.parse("SELECT 'delete' AS \"update\", created_at, x.updated FROM t").names()).isEmpty();
    }

    @Test
    void aQueryMayBeginWithACommentOrWith() {
        assertThat(NamedParameters.parse("-- why\n/* what */ with x as (select 1) select * from x").names()).isEmpty();
    }
}
