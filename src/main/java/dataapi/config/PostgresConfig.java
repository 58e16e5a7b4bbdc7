package dataapi.config;

import org.postgresql.Driver;

import static java.util.Objects.requireNonNull;

/**
 * A PostgreSQL warehouse.
 *
 * @param jdbcUrl e.g. {@code jdbc:postgresql://db.example:5432/tpch}
 * @param user the role to log in as; empty for the driver's default
 * @param password the role's password; empty when the server needs none
 */
public record PostgresConfig(String jdbcUrl, String user, String password) {
    public PostgresConfig {
        requireNonNull(jdbcUrl, "jdbcUrl is null");
        requireNonNull(user, "user is null");
        requireNonNull(password, "password is null");
        requireReadable(jdbcUrl, "the JDBC URL");
    }

    /**
     * Refuses a URL that pgjdbc cannot read, naming it as {@link #withoutPasswords} shows it: the driver's
     * own refusal, as it first opens a connection, shows the URL whole, with a password written in it.
     *
     * @param name what the URL is, for the message
     */
    static void requireReadable(String jdbcUrl, String name) {
        if (!jdbcUrl.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException(name + " must start with jdbc:postgresql:");
        }
        if (Driver.parseURL(jdbcUrl, null) == null) {
            throw new IllegalArgumentException(name + " " + withoutPasswords(jdbcUrl) + " cannot be read: its port must be 1 to 65535,"
                    + " and a % in a value written %25");
        }
    }

    /** The URL as logs show it, without a password given in it. */
    public String jdbcUrlForLogs() {
        return withoutPasswords(jdbcUrl);
    }

    /** Never shows the password: configs end up in logs. */
    @Override
    public String toString() {
        return "PostgresConfig[jdbcUrl=" + jdbcUrlForLogs() + ", user=" + user + ", password=" + (password.isEmpty() ? "" : "***") + "]";
    }

    /** {@code jdbcUrl} with the value of each of pgjdbc's password parameters ({@code password=}, {@code sslpassword=}) masked. */
    static String withoutPasswords(String jdbcUrl) {
        return jdbcUrl.replaceAll("(?i)password=[^&]*", "password=***");
    }
}
