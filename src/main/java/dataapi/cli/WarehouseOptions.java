package dataapi.cli;

import dataapi.config.PostgresConfig;
import dataapi.config.WarehouseKind;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The flags that choose the warehouse; shared by {@code serve} and {@code generate}. The password is
 * never a flag, so that it never shows in the process list: it comes from the environment or a file.
 */
public final class WarehouseOptions {
    static final String PASSWORD_VARIABLE = "DATAAPI_JDBC_PASSWORD";

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(names = "--warehouse", paramLabel = "KIND", converter = Converters.Warehouse.class,
            defaultValue = "${env:DATAAPI_WAREHOUSE:-duckdb}",
            description = "duckdb (embedded, generated TPC-H), postgres, or snowflake (SNOWFLAKE_* variables; serve only)"
                    + " (env DATAAPI_WAREHOUSE, default ${DEFAULT-VALUE}).")
    WarehouseKind warehouse;

    @Option(names = "--jdbc-url", paramLabel = "URL", defaultValue = "${env:DATAAPI_JDBC_URL}",
            description = "The PostgreSQL database, e.g. jdbc:postgresql://host:5432/tpch (env DATAAPI_JDBC_URL).")
    String jdbcUrl;

    @Option(names = "--jdbc-user", paramLabel = "ROLE", defaultValue = "${env:DATAAPI_JDBC_USER}",
            description = "The PostgreSQL role to log in as (env DATAAPI_JDBC_USER).")
    String jdbcUser;

    @Option(names = "--jdbc-password-file", paramLabel = "FILE", defaultValue = "${env:DATAAPI_JDBC_PASSWORD_FILE}",
            description = "A file holding the role's password (env DATAAPI_JDBC_PASSWORD_FILE); or set DATAAPI_JDBC_PASSWORD.")
    Path jdbcPasswordFile;

    /** The PostgreSQL settings when the warehouse is PostgreSQL; a missing or contradictory setting is a usage error. */
    Optional<PostgresConfig> postgres() {
        String password = Environment.ofProcess().variable(PASSWORD_VARIABLE).orElse(null);
        if (warehouse != WarehouseKind.POSTGRES) {
            // Only the flags given (or their variables) are named, so that the operator looks for none he never set.
            List<String> given = new ArrayList<>();
            if (jdbcUrl != null) {
                given.add("--jdbc-url");
            }
            if (jdbcUser != null) {
                given.add("--jdbc-user");
            }
            if (jdbcPasswordFile != null) {
                given.add("--jdbc-password-file");
            }
            if (!given.isEmpty()) {
                String flags = given.size() == 1 ? given.get(0) + " needs"
                        : String.join(", ", given.subList(0, given.size() - 1)) + " and " + given.get(given.size() - 1) + " need";
                given.add("--warehouse");
                throw usage(flags + " --warehouse postgres (the warehouse is " + warehouse.label() + ")", given.toArray(String[]::new));
            }
            return Optional.empty();
        }
        if (jdbcUrl == null || jdbcUrl.isBlank()) {
            throw usage("--warehouse postgres needs --jdbc-url (or DATAAPI_JDBC_URL)", "--warehouse");
        }
        if (password != null && jdbcPasswordFile != null) {
            throw usage("give the password either in " + PASSWORD_VARIABLE + " or with --jdbc-password-file, not both", "--jdbc-password-file");
        }
        if (jdbcPasswordFile != null) {
            password = readPassword(jdbcPasswordFile);
        }
        try {
            return Optional.of(new PostgresConfig(jdbcUrl, jdbcUser == null ? "" : jdbcUser, password == null ? "" : password));
        } catch (IllegalArgumentException e) {
            throw usage("--jdbc-url: " + e.getMessage(), "--jdbc-url");
        }
    }

    private String readPassword(Path file) {
        try {
            // A trailing newline is what editors and `echo` leave, never part of a password.
            return Files.readString(file, StandardCharsets.UTF_8).replaceFirst("\\R\\z", "");
        } catch (IOException e) {
            throw usage("--jdbc-password-file: cannot read " + file, "--jdbc-password-file");
        }
    }

    /** Wrong usage of the command these flags are given to, concerning the settings of {@code flags} (UsageError). */
    ParameterException usage(String message, String... flags) {
        return UsageError.of(spec, message, flags);
    }
}
