package dataapi.cli;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

import java.util.Arrays;
import java.util.List;

/**
 * Wrong usage that a check finds once the flags are parsed: settings that do not fit together, or a file a setting
 * names that cannot be used. Its line names flags, which the configuration file may have given rather than the command
 * line: each it gave is told with the file and line, {@code --tls-cert and --tls-key go together (tls-cert from
 * /etc/dataapi/dataapi.conf:4)}, so that nobody looks for a flag he never typed.
 */
final class UsageError {
    private UsageError() {
    }

    /** {@code message}, which concerns the settings of {@code flags}, as wrong usage of the command that was run. */
    static ParameterException of(CommandSpec command, String message, String... flags) {
        CommandLine ran = ran(command);
        List<String> fromFile = Arrays.stream(flags)
                .flatMap(flag -> Environment.givenInFile(ran.getCommandSpec(), flag).map(where -> flag.replaceFirst("^--", "") + " from " + where).stream())
                .toList();
        return new ParameterException(ran, fromFile.isEmpty() ? message : message + " (" + String.join(", ", fromFile) + ")");
    }

    /**
     * The command that was run: {@code command} or its subcommand that the command line named, such as
     * {@code dataapi admin role list}, whose wrong usage is told under its name, as its failures are.
     */
    private static CommandLine ran(CommandSpec command) {
        ParseResult parsed = command.commandLine().getParseResult();
        while (parsed.hasSubcommand()) {
            parsed = parsed.subcommand();
        }
        return parsed.commandSpec().commandLine();
    }
}
