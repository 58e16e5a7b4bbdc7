package dataapi.cli;

import dataapi.ErrorText;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static java.util.Objects.requireNonNull;

/**
 * The configuration file of {@code serve}, {@code generate} and {@code admin}, beneath their flags and
 * variables: one setting a line, {@code name = value}, the name a long flag's without its dashes, the
 * value the rest of the line, written as the flag's variable holds it; blank lines and lines starting
 * with # aside. The one file serves the three commands: each takes the settings of its own flags and
 * passes over the others'. Any mistake stops the command in one line naming the file and the line.
 */
final class ConfigFile {
    /** The commands that share the file: a name that is a flag of one of them is no mistake in another. */
    private static final List<Class<?>> COMMANDS = List.of(ServeCommand.class, GenerateCommand.class, AdminCommand.class);
    /** Secrets stay out of files, as out of flags: the variables that hold them. */
    private static final List<String> SECRETS = List.of(WarehouseOptions.PASSWORD_VARIABLE, AuthStoreOptions.PASSWORD_VARIABLE);
    private static final String BYTE_ORDER_MARK = "\uFEFF";
    /** The most edits between a mistyped name and the flag's that is suggested for it. */
    private static final int NEAR = 2;

    /** A value and the line that gives it. */
    record Setting(String value, String where) {
    }

    private final Path path;
    /** By the name of the flag. */
    private final Map<String, Setting> settings;

    private ConfigFile(Path path, Map<String, Setting> settings) {
        this.path = requireNonNull(path, "path is null");
        this.settings = Map.copyOf(settings);
    }

    Path path() {
        return path;
    }

    /** The file's value for the option {@code arg}, if it gives one. */
    Optional<Setting> setting(ArgSpec arg) {
        return arg instanceof OptionSpec option ? Optional.ofNullable(settings.get(name(option))) : Optional.empty();
    }

    /** Reads the file at {@code path} for {@code command}, whose flags' settings it keeps; a mistake in it is wrong usage. */
    static ConfigFile read(Path path, CommandSpec command) {
        CommandLine cli = command.commandLine();
        if (path.toString().isEmpty()) {
            throw new ParameterException(cli, ConfigOptions.FLAG + " is empty; give the path of a configuration file");
        }
        List<String> lines = lines(path, cli);
        Set<String> own = settingNames(command);
        Set<String> shared = null; // the three commands' settings, built only for a name that is not this command's own
        Map<String, Setting> settings = new HashMap<>();
        Map<String, Integer> seen = new HashMap<>();
        for (int number = 1; number <= lines.size(); number++) {
            String line = lines.get(number - 1).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String where = path + ":" + number;
            int equals = line.indexOf('=');
            String name = equals < 0 ? "" : line.substring(0, equals).strip();
            String value = line.substring(equals + 1).strip();
            if (name.isEmpty()) {
                // Not echoed: the line may be a password.
                throw mistake(cli, where, "not a setting; a line is name = value, such as port = 8001");
            }
            Integer first = seen.putIfAbsent(name, number);
            if (first != null) {
                throw mistake(cli, where, name + " is given a second time (first on line " + first + ")");
            }
            if (name.equals(ConfigOptions.FLAG.substring("--".length()))) {
                throw mistake(cli, where, name + " is not read from a file; name the file with " + ConfigOptions.FLAG + " or "
                        + ConfigOptions.VARIABLE);
            }
            Optional<String> secret = SECRETS.stream().filter(variable -> name.equals(secretName(variable))).findFirst();
            if (secret.isPresent()) {
                throw mistake(cli, where, name + " is a secret, kept out of files; set it in the environment as " + secret.get());
            }
            if (own.contains(name)) {
                if (value.isEmpty()) {
                    throw mistake(cli, where, name + " has no value; leave the line out for its default");
                }
                settings.put(name, new Setting(value, where));
                continue;
            }
            if (shared == null) {
                shared = COMMANDS.stream().flatMap(other -> settingNames(CommandSpec.forAnnotatedObject(other)).stream())
                        .collect(Collectors.toSet());
            }
            if (!shared.contains(name)) {
                throw mistake(cli, where, name + " is not a flag of " + commandNames()
                        + nearest(name, shared).map(near -> "; did you mean " + near + "?").orElse(""));
            }
        }
        return new ConfigFile(path, settings);
    }

    /** The file's lines, decoded as UTF-8; a byte order mark before the first is skipped. */
    private static List<String> lines(Path path, CommandLine cli) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(path);
        } catch (IOException e) {
            throw new ParameterException(cli, "cannot read the configuration file " + path + ": " + ErrorText.reason(e));
        }
        ByteBuffer input = ByteBuffer.wrap(bytes);
        try {
            String text = StandardCharsets.UTF_8.newDecoder().decode(input).toString();
            // Editors that save UTF-8 "with BOM" write one; it marks the encoding, and in the first name it would be invisible.
            return (text.startsWith(BYTE_ORDER_MARK) ? text.substring(BYTE_ORDER_MARK.length()) : text).lines().toList();
        } catch (CharacterCodingException e) {
            // The decoder stops at the first byte that is not UTF-8: on the line after the line ends before it.
            long line = 1 + IntStream.range(0, input.position()).filter(i -> bytes[i] == '\n').count();
            throw mistake(cli, path + ":" + line, "not UTF-8 text");
        }
    }

    private static ParameterException mistake(CommandLine cli, String where, String message) {
        return new ParameterException(cli, where + ": " + message);
    }

    /** The names a file gives the settings of {@code command}: its flags that have a variable. */
    private static Set<String> settingNames(CommandSpec command) {
        return command.options().stream().filter(option -> Environment.variableOf(option).isPresent()).map(ConfigFile::name)
                .collect(Collectors.toSet());
    }

    private static String name(OptionSpec option) {
        return option.longestName().replaceFirst("^--", "");
    }

    /** The name a secret would have in the file: its variable's, as a flag's, DATAAPI_JDBC_PASSWORD as jdbc-password. */
    private static String secretName(String variable) {
        return variable.replaceFirst("^DATAAPI_", "").toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** "dataapi serve, generate or admin". */
    private static String commandNames() {
        List<String> names = COMMANDS.stream().map(command -> command.getAnnotation(Command.class).name()).toList();
        return "dataapi " + String.join(", ", names.subList(0, names.size() - 1)) + " or " + names.get(names.size() - 1);
    }

    /** The name in {@code names} fewest edits from {@code name}, case aside, if it is near. */
    private static Optional<String> nearest(String name, Set<String> names) {
        String lowerCase = name.toLowerCase(Locale.ROOT);
        return names.stream().filter(candidate -> edits(lowerCase, candidate) <= NEAR)
                .min(Comparator.comparingInt((String candidate) -> edits(lowerCase, candidate)).thenComparing(Comparator.naturalOrder()));
    }

    /** Levenshtein's distance: the fewest insertions, deletions and substitutions that make {@code a} into {@code b}. */
    private static int edits(String a, String b) {
        int[] previous = IntStream.rangeClosed(0, b.length()).toArray();
        for (int i = 1; i <= a.length(); i++) {
            int[] current = new int[b.length() + 1];
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            previous = current;
        }
        return previous[b.length()];
    }
}
