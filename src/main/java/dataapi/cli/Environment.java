package dataapi.cli;

import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Option;

import java.lang.reflect.AnnotatedElement;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * The environment variables the command line reads, an empty one taken as unset, as most programs
 * take it: {@code DATAAPI_PORT= dataapi serve} listens on the default port rather than failing on a
 * port named "". Picocli reads an option's default {@code ${env:NAME:-fallback}} itself and takes an
 * empty value as given; as the command line's default value provider, this answers instead for the
 * options whose variable is empty: their fallback, or no value.
 */
public final class Environment implements IDefaultValueProvider {
    /** An option's default that is a variable, and the fallback picocli takes when it is unset. */
    private static final Pattern VARIABLE_DEFAULT = Pattern.compile("\\$\\{env:([A-Za-z_][A-Za-z0-9_]*)(?::-(.*))?}");

    private final Map<String, String> variables;

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
        Matcher variable = VARIABLE_DEFAULT.matcher(declaredDefault(arg));
        if (!variable.matches() || !"".equals(variables.get(variable.group(1)))) {
            // Picocli's own reading: the value, or the fallback of a variable that is unset.
            return null;
        }
        return variable.group(2) != null ? variable.group(2) : Option.NULL_VALUE;
    }

    /** The default as the option declares it, before picocli reads the variables in it. */
    private static String declaredDefault(ArgSpec arg) {
        Option option = arg.userObject() instanceof AnnotatedElement element ? element.getAnnotation(Option.class) : null;
        return option != null ? option.defaultValue() : "";
    }
}
