package dataapi.auth;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class RoleTest {
    /** As for a role stored by a version that did not record when roles were made. */
    private static final Optional<Instant> NOT_RECORDED = Optional.empty();

    @Test
    void aRoleAllowsThePathsItsGrantsMatch() {
        Role role = new Role("ANALYST", NOT_RECORDED, List.of("snowpark", "/connector/customers/*", "/connector/clerk/**"));

        assertThat(role.allows("/snowpark/customers/top10")).isTrue();
        assertThat(role.allows("/connector/customers/top10")).isTrue();
        assertThat(role.allows("/connector/clerk/000000001/yearly_sales/1995")).isTrue();
        assertThat(role.allows("/connector/customers/top10/more")).isFalse();
        assertThat(role.allows("/connectorx/customers/top10")).isFalse();
        assertThat(new Role("NOBODY", NOT_RECORDED, List.of()).allows("/connector/customers/top10")).isFalse();
    }

    /** The gate asks with the path as the router reads it, without one trailing slash: a pattern written with one still matches. */
    @Test
    void aPatternWithATrailingSlashMatchesThePathWithoutIt() {
        Role role = new Role("ANALYST", NOT_RECORDED, List.of("/connector/orders/by_priority/"));

        assertThat(role.allows("/connector/orders/by_priority")).isTrue();
        assertThat(role.allows("/connector/orders/by_priority/x")).isFalse();
        assertThat(role.grants()).containsExactly("/connector/orders/by_priority/");
    }

    @Test
    void aStoredGrantThatCannotBeReadGrantsNothingAndSpoilsNoOther() {
        Role role = new Role("OLD", NOT_RECORDED, List.of("connector", "/snowpark/<all>", ""));

        assertThat(role.allows("/connector/customers/top10")).isTrue();
        assertThat(role.allows("/snowpark/<all>")).isFalse();
        assertThat(role.allows("/snowpark/customers/top10")).isFalse();
        assertThat(role.grants()).as("kept as stored, so that nothing is lost").containsExactly("connector", "/snowpark/<all>", "");
    }

    @Test
    void rolesAreEqualByNameCreationAndGrants() {
        Optional<Instant> created = Optional.of(Instant.parse("2026-11-30T09:00:00.123456Z"));
        assertThat(new Role("A", created, List.of("connector"))).isEqualTo(new Role("A", created, List.of("connector")))
                .hasSameHashCodeAs(new Role("A", created, List.of("connector")))
                .isNotEqualTo(new Role("A", created, List.of("snowpark")))
                .isNotEqualTo(new Role("B", created, List.of("connector")))
                .isNotEqualTo(new Role("A", Optional.of(Instant.parse("2026-11-30T09:00:01.123456Z")), List.of("connector")))
                .isNotEqualTo(new Role("A", NOT_RECORDED, List.of("connector")));
    }
}
