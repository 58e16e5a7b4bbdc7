package dataapi.auth;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RoleTest {
    @Test
    void aRoleAllowsThePathsItsGrantsMatch() {
        Role role = new Role("ANALYST", List.of("snowpark", "/connector/customers/*", "/connector/clerk/**"));

        assertThat(role.allows("/snowpark/customers/top10")).isTrue();
        assertThat(role.allows("/connector/customers/top10")).isTrue();
        assertThat(role.allows("/connector/clerk/000000001/yearly_sales/1995")).isTrue();
        assertThat(role.allows("/connector/customers/top10/more")).isFalse();
        assertThat(role.allows("/connectorx/customers/top10")).isFalse();
        assertThat(new Role("NOBODY", List.of()).allows("/connector/customers/top10")).isFalse();
    }

    /** The gate asks with the path as the router reads it, without one trailing slash: a pattern written with one still matches. */
    @Test
    void aPatternWithATrailingSlashMatchesThePathWithoutIt() {
        Role role = new Role("ANALYST", List.of("/connector/orders/by_priority/"));

        assertThat(role.allows("/connector/orders/by_priority")).isTrue();
        assertThat(role.allows("/connector/orders/by_priority/x")).isFalse();
        assertThat(role.grants()).containsExactly("/connector/orders/by_priority/");
    }

    @Test
    void aStoredGrantThatCannotBeReadGrantsNothingAndSpoilsNoOther() {
        Role role = new Role("OLD", List.of("connector", "/snowpark/<all>", ""));

        assertThat(role.allows("/connector/customers/top10")).isTrue();
        assertThat(role.allows("/snowpark/<all>")).isFalse();
        assertThat(role.allows("/snowpark/customers/top10")).isFalse();
        assertThat(role.grants()).as("kept as stored, so that nothing is lost").containsExactly("connector", "/snowpark/<all>", "");
    }

    @Test
    void rolesAreEqualByNameAndGrants() {
        assertThat(new Role("A", List.of("connector"))).isEqualTo(new Role("A", List.of("connector")))
                .hasSameHashCodeAs(new Role("A", List.of("connector")))
                .isNotEqualTo(new Role("A", List.of("snowpark")))
                .isNotEqualTo(new Role("B", List.of("connector")));
    }
}
