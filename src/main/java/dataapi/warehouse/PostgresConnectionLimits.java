package dataapi.warehouse;

import org.slf4j.Logger;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The connections PostgreSQL lets the API's role open to its database, held against the pool's size
 * at start. The pool keeps every connection open: one larger than a limit would hold all the
 * connections that limit leaves, shutting out every other client (an operator's psql too), and still
 * not fill; PostgreSQL refuses the rest, and the pool says so only at its debug level.
 */
public final class PostgresConnectionLimits {
    /**
     * Another role's sessions show with a null backend_type to a role without pg_read_all_stats, but with their user and
     * database; background processes have neither.
     */
    private static final String LIMITS = """
            WITH others AS (
                SELECT usename, datname FROM pg_stat_activity
                WHERE pid <> pg_backend_pid() AND usesysid IS NOT NULL AND datid IS NOT NULL
                  AND (backend_type = 'client backend' OR backend_type IS NULL))
            SELECT current_setting('max_connections')::int AS max_connections,
                   current_setting('superuser_reserved_connections')::int AS superuser_reserved,
                   COALESCE(current_setting('reserved_connections', true)::int, 0) AS reserved,
                   EXISTS (SELECT FROM pg_roles u WHERE u.rolname = 'pg_use_reserved_connections'
                           AND pg_has_role(current_user, u.oid, 'MEMBER')) AS uses_reserved,
                   r.rolsuper AS superuser, r.rolconnlimit AS role_limit, d.datconnlimit AS database_limit,
                   current_user AS role, current_database() AS database,
                   (SELECT count(*) FROM others) AS open,
                   (SELECT count(*) FROM others o WHERE o.usename = current_user) AS open_by_role,
                   (SELECT count(*) FROM others o WHERE o.datname = current_database()) AS open_on_database
            FROM pg_roles r, pg_database d
            WHERE r.rolname = current_user AND d.datname = current_database()""";

    /**
     * One limit on the connections the pool may open, and how many of them other sessions hold now.
     *
     * @param what the limit, for messages: the setting and what makes it
     * @param raised what to raise for a larger pool
     */
    record Limit(String what, String raised, int connections, long openByOthers) {
        int left() {
            return (int) Math.max(0, connections - openByOthers);
        }
    }

    private PostgresConnectionLimits() {
    }

    /**
     * Refuses a pool larger than a limit of the server's, the role's or the database's; warns of one
     * larger than what the sessions open now leave. A server that cannot be reached, or that will not
     * say, is not checked, which the log says: the start goes on, and requests get 503 until it is back.
     *
     * @throws IllegalStateException naming the limit, and what to change
     */
    public static void check(DataSource connections, int poolSize, Logger log) {
        List<Limit> limits;
        try (Connection connection = connections.getConnection()) {
            limits = limits(connection);
        } catch (SQLException e) {
            log.info("The pool's size is not checked against PostgreSQL's connection limits: {}", e.getMessage());
            return;
        }
        for (Limit limit : limits) {
            if (poolSize > limit.connections()) {
                throw new IllegalStateException("--pool-size " + poolSize + " is more than the " + limit.connections()
                        + " connections PostgreSQL lets the API open (" + limit.what() + "): the pool keeps every connection open,"
                        + " and would take them all; lower --pool-size, or raise " + limit.raised());
            }
        }
        for (Limit limit : limits) {
            if (poolSize > limit.left()) {
                log.warn("PostgreSQL lets the API open {} connections ({}), and other sessions hold {}: the pool of {} takes the {} left"
                        + " and waits for more", limit.connections(), limit.what(), limit.openByOthers(), poolSize, limit.left());
                return;
            }
        }
    }

    /** The limits that apply to this connection's role and database; a superuser is subject to max_connections alone. */
    static List<Limit> limits(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet row = statement.executeQuery(LIMITS)) {
            if (!row.next()) {
                return List.of();
            }
            List<Limit> limits = new ArrayList<>();
            int maxConnections = row.getInt("max_connections");
            if (row.getBoolean("superuser")) {
                limits.add(new Limit("max_connections " + maxConnections, "max_connections", maxConnections, row.getLong("open")));
                return limits;
            }
            // PostgreSQL 16's reserved_connections are kept for members of pg_use_reserved_connections.
            int reserved = row.getInt("superuser_reserved") + (row.getBoolean("uses_reserved") ? 0 : row.getInt("reserved"));
            limits.add(new Limit("max_connections " + maxConnections + ", less " + reserved + " reserved", "max_connections",
                    maxConnections - reserved, row.getLong("open")));
            int roleLimit = row.getInt("role_limit");
            if (roleLimit >= 0) {
                limits.add(new Limit("the CONNECTION LIMIT of role " + row.getString("role"), "that limit", roleLimit, row.getLong("open_by_role")));
            }
            int databaseLimit = row.getInt("database_limit");
            if (databaseLimit >= 0) {
                limits.add(new Limit("the CONNECTION LIMIT of database " + row.getString("database"), "that limit", databaseLimit,
                        row.getLong("open_on_database")));
            }
            return limits;
        }
    }
}
