package dataapi;

import dataapi.cli.AdminCommand;
import dataapi.cli.CallCommand;
import dataapi.cli.ClientCommand;
import dataapi.cli.Environment;
import dataapi.cli.GenerateCommand;
import dataapi.cli.ServeCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParameterException;

import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code dataapi}: the command line. */
@Command(name = "dataapi", mixinStandardHelpOptions = true, versionProvider = Main.BuildVersion.class,
        description = "Publishes warehouse data as parameterized HTTP/JSON endpoints.")
public final class Main implements Callable<Integer> {
    /** In the order help lists them. */
    private static final List<Class<?>> SUBCOMMANDS = List.of(ServeCommand.class, GenerateCommand.class, AdminCommand.class,
            CallCommand.class, ClientCommand.class, CommandLine.HelpCommand.class);

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLineFor(args).execute(args));
    }

    /** The whole command line, every subcommand in it. */
    public static CommandLine commandLine() {
        return withSubcommands(SUBCOMMANDS);
    }

    /**
     * The command line {@code args} need: only the subcommand they start with, when it is one,
     * since picocli reflects over every subcommand's options to build it (about 0.2 s of a
     * {@code generate} or {@code call} for the others); the whole command line for anything
     * else: help, the root's own options, a name that is no subcommand.
     */
    public static CommandLine commandLineFor(String[] args) {
        return SUBCOMMANDS.stream()
                .filter(subcommand -> subcommand != CommandLine.HelpCommand.class && args.length > 0 && nameOf(subcommand).equals(args[0]))
                .findFirst()
                .map(subcommand -> withSubcommands(List.of(subcommand)))
                .orElseGet(Main::commandLine);
    }

    private static String nameOf(Class<?> subcommand) {
        return subcommand.getAnnotation(Command.class).name();
    }

    /** The command line with {@code subcommands} and its error handling: one line on stderr, never a stack trace. */
    private static CommandLine withSubcommands(List<Class<?>> subcommands) {
        CommandLine commandLine = new CommandLine(new Main());
        subcommands.forEach(commandLine::addSubcommand);
        giveVersion(commandLine, commandLine.getCommandSpec().version());
        // Set after the subcommands are added: picocli hands these to the subcommands present now.
        Environment environment = Environment.ofProcess();
        commandLine.setDefaultValueProvider(environment);
        commandLine.setParameterExceptionHandler((e, args) -> wrongUsage(e, environment));
        commandLine.setExecutionExceptionHandler((e, cli, parsed) -> {
            cli.getErr().println(cli.getCommandSpec().qualifiedName() + ": " + ErrorText.of(e));
            return 1;
        });
        return commandLine;
    }

    /** {@code -V}: the version {@code /openapi.json} gives too. */
    static final class BuildVersion implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"dataapi " + Version.current()};
        }
    }

    /** Every subcommand's {@code -V} says what {@code dataapi --version} does, rather than nothing. */
    private static void giveVersion(CommandLine command, String[] version) {
        command.getSubcommands().values().forEach(subcommand -> {
            subcommand.getCommandSpec().version(version);
            giveVersion(subcommand, version);
        });
    }

    /** One line; a value the configuration file gave is named by its file and line, as the file's other mistakes are. */
    private static int wrongUsage(ParameterException e, Environment environment) {
        CommandLine cli = e.getCommandLine();
        PrintWriter err = cli.getErr();
        String command = cli.getCommandSpec().qualifiedName();
        String where = Optional.ofNullable(e.getArgSpec()).flatMap(environment::givenInFile).map(line -> line + ": ").orElse("");
        err.println(command + ": " + where + e.getMessage() + " (see '" + command + " --help')");
        return cli.getCommandSpec().exitCodeOnInvalidInput();
    }

    /** No command is wrong usage, as picocli takes a missing subcommand: the usage, on stderr, and exit code 2. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return spec.exitCodeOnInvalidInput();
    }
}
