package dataapi.cli;

import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

import java.nio.file.Path;

/** The flag that names the configuration file (ConfigFile); shared by {@code serve}, {@code generate} and {@code admin}, which share the file. */
public final class ConfigOptions {
    static final String FLAG = "--config";
    static final String VARIABLE = "DATAAPI_CONFIG";

    @Option(names = FLAG, paramLabel = "FILE", scope = ScopeType.INHERIT, defaultValue = "${env:" + VARIABLE + "}",
            description = "A file of settings beneath the flags and DATAAPI_* variables, one a line: a long flag's name without"
                    + " its dashes, =, and its value, such as port = 8001 (env DATAAPI_CONFIG).")
    Path file;
}
