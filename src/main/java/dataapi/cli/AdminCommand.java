package dataapi.cli;

import dataapi.ErrorText;
import dataapi.auth.AuthAdmin;
import dataapi.auth.AuthStore;
import dataapi.auth.AuthStores;
import dataapi.auth.Names;
import dataapi.auth.NewPat;
import dataapi.auth.Passwords;
import dataapi.auth.Pat;
import dataapi.auth.PatSecrets;
import dataapi.auth.Role;
import dataapi.config.AuthStoreConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

import java.io.Console;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * {@code dataapi admin}: users, roles, grants and PATs, the quickstart's SQL set-up in dataapi's
 * terms. Works on the store a server uses, also while it runs; servers see changes within seconds.
 */
@Command(name = "admin", mixinStandardHelpOptions = true,
        description = "Manage users, roles, endpoint grants and PATs of the built-in authentication.",
        subcommands = {AdminCommand.UserCommand.class, AdminCommand.RoleCommand.class, AdminCommand.GrantCommand.class,
                AdminCommand.RevokeCommand.class, AdminCommand.PatCommand.class})
public final class AdminCommand {
    @Option(names = "--data-dir", paramLabel = "DIR", scope = ScopeType.INHERIT, defaultValue = "${env:DATAAPI_DATA_DIR:-./data}",
            description = "The data folder of the server; the user store is its auth/ folder (env DATAAPI_DATA_DIR, default ${DEFAULT-VALUE}).")
    Path dataDir;

    @Mixin
    AuthStoreOptions store;

    @Mixin
    ConfigOptions config;

    /**
     * How long a command waits to connect to a PostgreSQL store: far longer than a server, whose requests
     * wait on it, since a command run by hand or by a provisioning script had better wait for a busy
     * database than fail, and still not long behind an address that never answers. A field, so that
     * tests can shorten it.
     */
    Duration connectWait = Duration.ofSeconds(30);

    @Spec
    CommandSpec spec;

    /** Runs a command that changes the store, making one where there is none (and saying so). */
    private void run(Consumer<AuthAdmin> work) {
        change(givingNothing(work));
    }

    /** As {@link #run}, for a change that gives something back, such as a new PAT. */
    private <T> T change(Function<AuthAdmin, T> work) {
        return open(work, true);
    }

    /** Runs a command that only reads the store: where there is none, there is nothing to read, and none is made. */
    private void read(Consumer<AuthAdmin> work) {
        open(givingNothing(work), false);
    }

    private static Function<AuthAdmin, Void> givingNothing(Consumer<AuthAdmin> work) {
        return auth -> {
            work.accept(auth);
            return null;
        };
    }

    private <T> T open(Function<AuthAdmin, T> work, boolean changes) {
        AuthStoreConfig config = store.toConfig(dataDir).withConnectWait(connectWait);
        Optional<AuthStore> existing = changes ? Optional.of(AuthStores.open(config)) : AuthStores.openExisting(config);
        try (AuthStore opened = existing.orElseThrow(() -> new IllegalStateException("No user store is in " + where(config)
                + "; a command that changes it makes one, such as 'dataapi admin user create USER'."))) {
            // A mistyped --data-dir or URL would otherwise make a new store, with its own signing key, without a word. Of
            // commands that open a new store at the same time, the one that made it says so; the others changed what it made.
            if (opened.made()) {
                spec.commandLine().getErr().println("No user store was in " + where(config) + "; made a new one.");
            }
            return work.apply(new AuthAdmin(opened, new Passwords(new SecureRandom()), new PatSecrets(new SecureRandom()), Clock.systemUTC()));
        }
    }

    private static String where(AuthStoreConfig config) {
        return config.jdbcUrl().isPresent() ? config.toString() : config.directory().toString();
    }

    private PrintWriter out() {
        return spec.commandLine().getOut();
    }

    @Command(name = "user", mixinStandardHelpOptions = true, description = "Create or drop users, or set a password.")
    static final class UserCommand {
        @ParentCommand
        AdminCommand admin;

        @Command(name = "create", mixinStandardHelpOptions = true, description = "Create a user; without a password (no --password-file and no terminal) it can only use PATs.")
        void create(@picocli.CommandLine.Parameters(paramLabel = "USER") String user,
                    @Option(names = "--password-file", paramLabel = "FILE", description = "Read the password from the first line of FILE.") Path passwordFile) {
            Optional<char[]> password = passwordFile != null ? Optional.of(readPassword(passwordFile)) : promptPassword();
            admin.run(auth -> auth.createUser(user, password));
            admin.out().println("Created user " + Names.of("user", user) + (password.isPresent() ? "." : " without a password (PATs only)."));
        }

        @Command(name = "password", mixinStandardHelpOptions = true, description = "Set a user's password; the user's browser sessions end.")
        void password(@picocli.CommandLine.Parameters(paramLabel = "USER") String user,
                      @Option(names = "--password-file", paramLabel = "FILE", description = "Read the password from the first line of FILE.") Path passwordFile) {
            char[] password = passwordFile != null ? readPassword(passwordFile)
                    : promptPassword().orElseThrow(() -> UsageError.of(admin.spec, "give --password-file FILE (no terminal to ask on)"));
            admin.run(auth -> auth.setPassword(user, password));
            admin.out().println("Changed the password of " + Names.of("user", user) + ".");
        }

        @Command(name = "drop", mixinStandardHelpOptions = true, description = "Drop a user and its PATs.")
        void drop(@picocli.CommandLine.Parameters(paramLabel = "USER") String user) {
            admin.run(auth -> auth.dropUser(user));
            admin.out().println("Dropped user " + Names.of("user", user) + ".");
        }
    }

    @Command(name = "role", mixinStandardHelpOptions = true, description = "Create, list or drop roles.")
    static final class RoleCommand {
        @ParentCommand
        AdminCommand admin;

        @Command(name = "list", mixinStandardHelpOptions = true, description = "List the roles and the endpoints granted to each.")
        void list() {
            admin.read(auth -> {
                PrintWriter out = admin.out();
                out.printf("%-24s %s%n", "ROLE", "GRANTS");
                for (Role role : auth.listRoles()) {
                    List<String> grants = role.grants().stream()
                            .map(grant -> role.unreadableGrants().contains(grant) ? grant + " (unreadable: grants nothing)" : grant)
                            .toList();
                    out.printf("%-24s %s%n", role.name(), grants.isEmpty() ? "none" : String.join(", ", grants));
                }
            });
        }

        @Command(name = "create", mixinStandardHelpOptions = true, description = "Create a role.")
        void create(@picocli.CommandLine.Parameters(paramLabel = "ROLE") String role) {
            admin.run(auth -> auth.createRole(role));
            admin.out().println("Created role " + Names.of("role", role) + ".");
        }

        @Command(name = "drop", mixinStandardHelpOptions = true, description = "Drop a role; users lose it and PATs restricted to it stop working.")
        void drop(@picocli.CommandLine.Parameters(paramLabel = "ROLE") String role) {
            admin.run(auth -> auth.dropRole(role));
            admin.out().println("Dropped role " + Names.of("role", role) + ".");
        }
    }

    @Command(name = "grant", mixinStandardHelpOptions = true, description = "Grant a role to a user, or endpoints to a role.")
    static final class GrantCommand {
        @ParentCommand
        AdminCommand admin;

        @Command(name = "role", mixinStandardHelpOptions = true, description = "Grant ROLE to a user (the first role granted is the user's default).")
        void role(@picocli.CommandLine.Parameters(paramLabel = "ROLE") String role,
                  @Option(names = "--to-user", paramLabel = "USER", required = true) String user) {
            admin.run(auth -> auth.grantRole(role, user));
            admin.out().println("Granted role " + Names.of("role", role) + " to user " + Names.of("user", user) + ".");
        }

        @Command(name = "endpoint", mixinStandardHelpOptions = true, description = "Grant a family (connector, snowpark) or a path pattern (/connector/customers/*, /snowpark/**) to a role.")
        void endpoint(@picocli.CommandLine.Parameters(paramLabel = "FAMILY|PATTERN") String endpoints,
                      @Option(names = "--to-role", paramLabel = "ROLE", required = true) String role) {
            String stored = admin.change(auth -> auth.grantEndpoint(endpoints, role));
            admin.out().println("Granted " + stored + " to role " + Names.of("role", role) + ".");
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true, description = "Take a role from a user, or endpoints from a role.")
    static final class RevokeCommand {
        @ParentCommand
        AdminCommand admin;

        @Command(name = "role", mixinStandardHelpOptions = true, description = "Take ROLE from a user.")
        void role(@picocli.CommandLine.Parameters(paramLabel = "ROLE") String role,
                  @Option(names = "--from-user", paramLabel = "USER", required = true) String user) {
            admin.run(auth -> auth.revokeRole(role, user));
            admin.out().println("Revoked role " + Names.of("role", role) + " from user " + Names.of("user", user) + ".");
        }

        @Command(name = "endpoint", mixinStandardHelpOptions = true, description = "Take a family or path pattern grant from a role.")
        void endpoint(@picocli.CommandLine.Parameters(paramLabel = "FAMILY|PATTERN") String endpoints,
                      @Option(names = "--from-role", paramLabel = "ROLE", required = true) String role) {
            List<String> revoked = admin.change(auth -> auth.revokeEndpoint(endpoints, role));
            admin.out().println("Revoked " + String.join(", ", revoked) + " from role " + Names.of("role", role) + ".");
        }
    }

    @Command(name = "pat", mixinStandardHelpOptions = true, description = "Programmatic access tokens: add, list, revoke.")
    static final class PatCommand {
        @ParentCommand
        AdminCommand admin;

        @Command(name = "add", mixinStandardHelpOptions = true, description = "Create a PAT for USER restricted to ROLE; prints its secret once, or writes it to --out FILE (mode 0600).")
        void add(@picocli.CommandLine.Parameters(paramLabel = "USER", index = "0") String user,
                 @picocli.CommandLine.Parameters(paramLabel = "NAME", index = "1") String name,
                 @Option(names = "--role", paramLabel = "ROLE", required = true) String role,
                 @Option(names = "--days", paramLabel = "N", converter = Converters.PatDays.class, defaultValue = "" + AuthAdmin.DEFAULT_PAT_DAYS,
                         description = "Days until it expires, 1 to " + AuthAdmin.MAX_PAT_DAYS + " (default ${DEFAULT-VALUE}).") int days,
                 @Option(names = "--out", paramLabel = "FILE", description = "Write the secret to FILE, created with mode 0600, such as apiuser-token-secret.txt.") Path out) {
            // The file is made first, so that a path that cannot be written stops the command before a
            // PAT exists whose secret nobody would ever see.
            if (out != null) {
                createSecretFile(out);
            }
            NewPat created;
            try {
                created = admin.change(auth -> auth.addPat(user, name, role, days));
            } catch (RuntimeException e) {
                if (out != null) {
                    deleteSecretFile(out, e);
                }
                throw e;
            }
            Pat pat = created.pat();
            String summary = "PAT " + pat.name() + " for " + pat.user() + ", role " + pat.role() + ", expires " + pat.expires().truncatedTo(ChronoUnit.SECONDS);
            if (out == null) {
                admin.spec.commandLine().getErr().println(summary + ". Its secret, shown only now:");
                admin.out().println(created.secret());
            } else {
                try {
                    Files.writeString(out, created.secret() + "\n", StandardCharsets.UTF_8);
                } catch (IOException e) {
                    admin.run(auth -> auth.revokePat(user, name));
                    throw new IllegalArgumentException("cannot write " + out + ": " + ErrorText.reason(e) + "; the PAT is revoked");
                }
                admin.out().println(summary + ". Secret written to " + out + ".");
            }
        }

        @Command(name = "list", mixinStandardHelpOptions = true, description = "List a user's PATs (never their secrets).")
        void list(@picocli.CommandLine.Parameters(paramLabel = "USER") String user) {
            Instant now = Instant.now();
            admin.read(auth -> {
                // Read before the header is printed: an unknown user is one line on stderr, with nothing on stdout.
                List<Pat> pats = auth.listPats(user);
                PrintWriter out = admin.out();
                out.printf("%-24s %-16s %-20s %-20s %-20s %s%n", "NAME", "ROLE", "CREATED", "EXPIRES", "LAST_USED", "STATUS");
                for (Pat pat : pats) {
                    String status = pat.revoked().isPresent() ? "revoked" : pat.expiredAt(now) ? "expired" : "active";
                    out.printf("%-24s %-16s %-20s %-20s %-20s %s%n", pat.name(), pat.role(), shortTime(pat.created()), shortTime(pat.expires()),
                            pat.lastUsed().map(AdminCommand::shortTime).orElse("never"), status);
                }
            });
        }

        @Command(name = "revoke", mixinStandardHelpOptions = true, description = "Revoke a PAT; access tokens made from it stop working within seconds.")
        void revoke(@picocli.CommandLine.Parameters(paramLabel = "USER", index = "0") String user,
                    @picocli.CommandLine.Parameters(paramLabel = "NAME", index = "1") String name) {
            admin.run(auth -> auth.revokePat(user, name));
            admin.out().println("Revoked PAT " + Names.of("PAT", name) + " of " + Names.of("user", user) + ".");
        }
    }

    private static String shortTime(Instant instant) {
        return instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    /** Creates {@code file} empty, readable by its owner only; it must not exist yet. */
    private static void createSecretFile(Path file) {
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (FileAlreadyExistsException e) {
            throw new IllegalArgumentException(file + " exists; not overwriting it");
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot write " + file + ": " + ErrorText.reason(e));
        }
    }

    private static void deleteSecretFile(Path file, RuntimeException failure) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            failure.addSuppressed(e);
        }
    }

    private static char[] readPassword(Path file) {
        try {
            String line = Files.readAllLines(file, StandardCharsets.UTF_8).stream().findFirst().orElse("");
            return line.toCharArray();
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + ErrorText.reason(e));
        }
    }

    /** Asks twice on the terminal; empty when there is none (scripts pass --password-file). */
    private static Optional<char[]> promptPassword() {
        Console console = System.console();
        if (console == null) {
            return Optional.empty();
        }
        char[] first = console.readPassword("Password: ");
        char[] second = console.readPassword("Again: ");
        if (first == null || !Arrays.equals(first, second)) {
            throw new IllegalArgumentException("the passwords differ");
        }
        return Optional.of(first);
    }
}
