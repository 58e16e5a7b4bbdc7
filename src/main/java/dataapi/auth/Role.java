package dataapi.auth;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import static java.util.Objects.requireNonNull;

/**
 * A role and the endpoints granted to it. The grants are parsed once, when the role is read, not
 * on each request it authorizes.
 */
public final class Role {
    private final String name;
    private final List<String> grants;
    private final List<EndpointGrant> parsed;
    private final List<String> unreadable;

    /**
     * @param name upper case
     * @param grants {@link EndpointGrant} texts: a family ({@code connector}) or a path pattern
     */
    public Role(String name, List<String> grants) {
        this.name = requireNonNull(name, "name is null");
        this.grants = List.copyOf(grants);
        List<EndpointGrant> readable = new ArrayList<>(this.grants.size());
        List<String> notRead = new ArrayList<>();
        for (String grant : this.grants) {
            try {
                readable.add(EndpointGrant.parse(grant));
            } catch (IllegalArgumentException e) {
                // A stored grant this version cannot read grants nothing; the role and its other grants stay.
                notRead.add(grant);
            }
        }
        this.parsed = List.copyOf(readable);
        this.unreadable = List.copyOf(notRead);
    }

    public String name() {
        return name;
    }

    public List<String> grants() {
        return grants;
    }

    /** The stored grants this version cannot read, which grant nothing; {@code admin role list} shows them. */
    public List<String> unreadableGrants() {
        return unreadable;
    }

    public boolean allows(String path) {
        for (EndpointGrant grant : parsed) {
            if (grant.matches(path)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Role role && name.equals(role.name) && grants.equals(role.grants);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, grants);
    }

    @Override
    public String toString() {
        return "Role[name=" + name + ", grants=" + grants + "]";
    }
}
