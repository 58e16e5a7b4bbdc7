package dataapi.auth;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * A role and the endpoints granted to it. The grants are parsed once, when the role is read, not
 * on each request it authorizes.
 */
public final class Role {
    private final String name;
    private final Optional<Instant> created;
    private final List<String> grants;
    private final List<EndpointGrant> parsed;
    private final List<String> unreadable;

    /**
     * @param name upper case
     * @param created when the role was made, which tells it from a role made again under its name
     *         (browser sessions are bound to it); empty for a role stored by a version that did not record it
     * @param grants {@link EndpointGrant} texts: a family ({@code connector}) or a path pattern
     */
    public Role(String name, Optional<Instant> created, List<String> grants) {
        this.name = requireNonNull(name, "name is null");
        this.created = requireNonNull(created, "created is null");
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

    public Optional<Instant> created() {
        return created;
    }

    public List<String> grants() {
        return grants;
    }

    /** The same role with other grants. */
    Role withGrants(List<String> changed) {
        return new Role(name, created, changed);
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
        return other instanceof Role role && name.equals(role.name) && created.equals(role.created) && grants.equals(role.grants);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, created, grants);
    }

    @Override
    public String toString() {
        return "Role[name=" + name + ", created=" + created + ", grants=" + grants + "]";
    }
}
