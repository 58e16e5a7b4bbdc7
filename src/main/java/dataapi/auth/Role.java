package dataapi.auth;

import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * A role and the endpoints granted to it.
 *
 * @param name upper case
 * @param grants {@link EndpointGrant} texts: a family ({@code connector}) or a path pattern
 */
public record Role(String name, List<String> grants) {
    public Role {
        requireNonNull(name, "name is null");
        grants = List.copyOf(grants);
    }

    public boolean allows(String path) {
        return grants.stream().anyMatch(grant -> EndpointGrant.parse(grant).matches(path));
    }
}
