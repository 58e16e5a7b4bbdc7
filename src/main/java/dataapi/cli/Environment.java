package dataapi.cli;

import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;

import java.lang.reflect.AnnotatedElement;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * The environment variables the command line reads, an empty one taken as unset, as most programs
 * take it: {@code DATAAPI_PORT= dataapi serve} listens on the default port rather than failing on a
 * port named "". Beneath them, the configuration file of the commands that take {@code --config}.
 * Picocli would read an option's default {@code ${env:NAME:-fallback}} itself, taking an empty value as
 * given and reading {@code $} in a value; as the command line's default value provider, this answers
 * instead for every option whose default names a variable: its value as written, or, when it is unset
 * or empty, the file's value, else the fallback, or no value.
 */
public final class Environment implements IDefaultValueProvider {
    /** An option's default that is a variable, and the fallback picocli takes when it is unset. */
    private static final Pattern VARIABLE_DEFAULT = Pattern.compile("\\$\\{env:([A-Za-z_][A-Za-z0-9_]*)(?::-(.*))?}");

    private final Map<String, String> variables;
    /** The file each command read, read once its flags are parsed, since --config is one of them. */
    private final Map<CommandSpec, ConfigFile> files = new HashMap<>();
    /** The options the file gave a value, and the line that gave it: for a value the option refuses. */
    private final Map<ArgSpec, String> fromFile = new HashMap<>();

    private Environment(Map<String, String> variables) {
        this.variables = Map.copyOf(requireNonNull(variables, "variables is null"));
    }

    /** This process's environment. */
    public static Environment ofProcess() {
        return new Environment(System.getenv());
    }

    /** The variable {@code name}, unless it is unset or empty. */
    Optional<String> variable(String name) {
        return Optional.ofNullable(variables.get(name)).filter(value -> !value.isEmpty());
    }

    @Override
    public String defaultValue(ArgSpec arg) {
        // Help shows the built-in defaults and reads neither the variables nor the file, so that a value either refuses
        // cannot hide the help that would say what is wrong.
        boolean help = helpAsked(arg.command());
        // The file is read whichever option is asked for, so that a mistake in it stops the command even where flags
        // and variables give every setting.
        Optional<ConfigFile> file = help ? Optional.empty() : configFile(arg.command());
        Matcher variable = variableDefault(arg);
        if (!variable.matches()) {
            // Picocli's own reading of a default that names no variable.
            return null;
        }
        Optional<String> set = help ? Optional.empty() : variable(variable.group(1));
        if (set.isPresent()) {
            return asWritten(set.get());
        }
        Optional<ConfigFile.Setting> setting = file.flatMap(read -> read.setting(arg));
        if (setting.isPresent()) {
            fromFile.put(arg, setting.get().where());
            return asWritten(setting.get().value());
        }
        return variable.group(2) != null ? variable.group(2) : Option.NULL_VALUE;
    }

    /**
     * {@code value} as picocli must be given it to take it as written: it reads {@code ${...}} in a default again,
     * and {@code $$} as {@code $}, so that a variable's {@code a$$b} would otherwise arrive as {@code a$b}.
     */
    private static String asWritten(String value) {
        return value.replace("$", "$$");
    }

    /** Where in the configuration file the value of {@code arg} was given, as {@code FILE:LINE}; empty when it was not. */
    public Optional<String> givenInFile(ArgSpec arg) {
        return Optional.ofNullable(fromFile.get(arg));
    }

    /**
     * Where in the configuration file the value of the option {@code flag} of {@code command} was given: the option's
     * own, or, inherited there (admin's in its subcommands), that of the command it is inherited from.
     */
    static Optional<String> givenInFile(CommandSpec command, String flag) {
        for (CommandSpec declaring = command; declaring != null; declaring = declaring.parent()) {
            OptionSpec option = declaring.findOption(flag);
            if (option != null && !option.inherited()) {
                return declaring.defaultValueProvider() instanceof Environment environment ? environment.givenInFile(option) : Optional.empty();
            }
        }
        return Optional.empty();
    }

    /** How many options of {@code command} took their value from its configuration file. */
    long takenFromFile(CommandSpec command) {
        return fromFile.keySet().stream().filter(arg -> arg.command() == command).count();
    }

    /** The variable an option's default names, if it names one. */
    static Optional<String> variableOf(ArgSpec arg) {
        Matcher variable = variableDefault(arg);
        return variable.matches() ? Optional.of(variable.group(1)) : Optional.empty();
    }

    /**
     * The configuration file of {@code command}: the one its --config flag names, or else its variable; none
     * for a command without the flag, or that inherits it (admin's subcommands: admin reads it). Asked while
     * picocli applies the defaults, after the flags are parsed.
     */
    private Optional<ConfigFile> configFile(CommandSpec command) {
        OptionSpec option = command.findOption(ConfigOptions.FLAG);
        if (option == null || option.inherited()) {
            return Optional.empty();
        }
        Path path = option.getValue() != null ? option.getValue() : variableOf(option).flatMap(this::variable).map(Path::of).orElse(null);
        if (path == null) {
            return Optional.empty();
        }
        ConfigFile file = files.get(command);
        if (file == null || !file.path().equals(path)) {
            file = ConfigFile.read(path, command);
            files.put(command, file);
        }
        return Optional.of(file);
    }

    /**
     * Whether the command line asks for help or the version of {@code command}, of a command above it or of one
     * below it: {@code --help}, {@code -V}, {@code dataapi help serve}. Picocli parses a subcommand before it
     * applies its parent's defaults, so that the parent's parse result holds it by then.
     */
    private static boolean helpAsked(CommandSpec command) {
        for (CommandSpec above = command; above != null; above = above.parent()) {
            for (ParseResult parsed = above.commandLine().getParseResult(); parsed != null;
                 parsed = parsed.hasSubcommand() ? parsed.subcommand() : null) {
                if (parsed.isUsageHelpRequested() || parsed.isVersionHelpRequested() || parsed.commandSpec().helpCommand()) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The default as the option declares it, before picocli reads the variables in it, matched as a variable. */
    private static Matcher variableDefault(ArgSpec arg) {
        Option option = arg.userObject() instanceof AnnotatedElement element ? element.getAnnotation(Option.class) : null;
        return VARIABLE_DEFAULT.matcher(option != null ? option.defaultValue() : "");
    }
}
