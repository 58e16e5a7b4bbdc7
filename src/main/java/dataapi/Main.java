package dataapi;

import dataapi.cli.AdminCommand;
import dataapi.cli.CallCommand;
import dataapi.cli.ClientCommand;
import dataapi.cli.GenerateCommand;
import dataapi.cli.ServeCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParameterException;

import java.io.PrintWriter;

/** {@code dataapi}: the command line. */
@Command(name = "dataapi", mixinStandardHelpOptions = true, version = "dataapi 0.1.0",
        description = "Publishes warehouse data as parameterized HTTP/JSON endpoints.",
        subcommands = {ServeCommand.class, GenerateCommand.class, AdminCommand.class, CallCommand.class, ClientCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line with its error handling: one line on stderr, never a stack trace. */
    public static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new Main());
        commandLine.setParameterExceptionHandler(Main::wrongUsage);
        commandLine.setExecutionExceptionHandler((e, cli, parsed) -> {
            cli.getErr().println(cli.getCommandSpec().qualifiedName() + ": " + describe(e));
            return 1;
        });
        return commandLine;
    }

    private static int wrongUsage(ParameterException e, String[] args) {
        CommandLine cli = e.getCommandLine();
        PrintWriter err = cli.getErr();
        String command = cli.getCommandSpec().qualifiedName();
        err.println(command + ": " + e.getMessage() + " (see '" + command + " --help')");
        return cli.getCommandSpec().exitCodeOnInvalidInput();
    }

    private static String describe(Throwable e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
