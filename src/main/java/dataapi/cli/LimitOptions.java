package dataapi.cli;

import dataapi.config.RequestLimits;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.time.Duration;

/** The flags that bound what requests may take: time in the warehouse, concurrency, rate, shutdown. */
public final class LimitOptions {
    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(names = "--statement-timeout", paramLabel = "DURATION", converter = Converters.PositiveDuration.class,
            defaultValue = "${env:DATAAPI_STATEMENT_TIMEOUT:-30s}",
            description = "Longest a query may run; past it, it is cancelled and the caller gets 504 (env DATAAPI_STATEMENT_TIMEOUT, default ${DEFAULT-VALUE}).")
    Duration statementTimeout;

    @Option(names = "--max-concurrent-per-caller", paramLabel = "N", converter = Converters.AtLeastOne.class,
            defaultValue = "${env:DATAAPI_MAX_CONCURRENT_PER_CALLER:-4}",
            description = "Most report requests one caller (its user when authenticated, else its IP address) may run at once; more get 429 (env DATAAPI_MAX_CONCURRENT_PER_CALLER, default ${DEFAULT-VALUE}).")
    int perCaller;

    @Option(names = "--max-concurrent", paramLabel = "N", converter = Converters.AtLeastOne.class,
            defaultValue = "${env:DATAAPI_MAX_CONCURRENT:-32}",
            description = "Most report requests running at once in all; more get 429 (env DATAAPI_MAX_CONCURRENT, default ${DEFAULT-VALUE}).")
    int total;

    @Option(names = "--rate-limit", paramLabel = "RATE", converter = Converters.RateLimitConverter.class,
            defaultValue = "${env:DATAAPI_RATE_LIMIT:-off}",
            description = "Report requests one caller (its user when authenticated, else its IP address) may make a second or a minute, e.g. 10/s or 600/min:"
                    + " that many at once, then at that rate; more get 429; off for no limit (env DATAAPI_RATE_LIMIT, default ${DEFAULT-VALUE}).")
    Converters.RateLimit rateLimit;

    @Option(names = "--shutdown-grace", paramLabel = "DURATION", converter = Converters.PositiveDuration.class,
            defaultValue = "${env:DATAAPI_SHUTDOWN_GRACE:-30s}",
            description = "On SIGTERM, how long requests in flight may still finish (env DATAAPI_SHUTDOWN_GRACE, default ${DEFAULT-VALUE}).")
    Duration shutdownGrace;

    @Option(names = "--max-result-size", paramLabel = "SIZE", converter = Converters.ResultSizeConverter.class,
            defaultValue = "${env:DATAAPI_MAX_RESULT_SIZE:-auto}",
            description = "Longest answer a query may give, e.g. 8MB; longer ones get 400; auto is a 32nd of the Java heap,"
                    + " 1MB to 64MB (2MB with a 64 MB heap) (env DATAAPI_MAX_RESULT_SIZE, default ${DEFAULT-VALUE}).")
    Converters.ResultSize maxResultSize;

    RequestLimits limits() {
        try {
            return new RequestLimits(statementTimeout, perCaller, total, shutdownGrace, maxResultSize.resolve(Runtime.getRuntime().maxMemory()),
                    rateLimit.rate());
        } catch (IllegalArgumentException e) {
            throw UsageError.of(spec, "--max-concurrent-per-caller: " + e.getMessage(), "--max-concurrent-per-caller", "--max-concurrent");
        }
    }
}
