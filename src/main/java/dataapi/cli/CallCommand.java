package dataapi.cli;

import dataapi.client.ClientFailure;
import dataapi.client.PatClient;
import dataapi.client.PatSource;
import dataapi.client.PrettyJson;
import dataapi.client.ProgrammaticCall;
import dataapi.client.TokenCache;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code dataapi call}: the quickstart's {@code test.py}. Trades a PAT for an access token and
 * calls a protected endpoint with it, on Snowflake (SPCS) or on a dataapi server in builtin mode.
 * Exit codes: 0 done, 2 wrong usage, 3 no PAT found, 4 exchange refused, 5 endpoint error, 6 network error.
 */
@Command(name = "call", mixinStandardHelpOptions = true,
        description = "Call a protected endpoint with a PAT, as the quickstart's test.py does; prints the JSON answer indented by 2.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:done", "2:wrong usage", "3:no PAT found", "4:the token exchange was refused", "5:the endpoint answered an error",
                "6:network or TLS error"})
public final class CallCommand implements Callable<Integer> {
    private static final String HOW_TO_GIVE_A_PAT = "give --pat or --patfile";

    @Option(names = {"--account_url", "--account-url"}, paramLabel = "HOST", required = true,
            description = "Where to trade the PAT: https://HOST/oauth/token (underscores become hyphens; http:// only for loopback).")
    String accountUrl;

    @Option(names = "--role", paramLabel = "ROLE", description = "The role to act with; by default the PAT's.")
    String role;

    @Option(names = "--endpoint", paramLabel = "URL", required = true, description = "The full URL to call.")
    String endpoint;

    @Option(names = "--pat", paramLabel = "SECRET", description = "The PAT itself (visible to other local users in the process list; prefer --patfile).")
    String pat;

    @Option(names = {"--patfile", "--pat-file"}, paramLabel = "FILE", description = "A file holding the PAT.")
    Path patFile;

    @Mixin
    PatClientOptions client;

    @Option(names = "--method", paramLabel = "METHOD", defaultValue = "GET", description = "HTTP method (default ${DEFAULT-VALUE}).")
    String method;

    @Option(names = "--data", paramLabel = "JSON", description = "A request body, sent as application/json.")
    String data;

    @Option(names = "--raw", description = "Print the body as received, not indented.")
    boolean raw;

    @Option(names = "--token-cache", paramLabel = "DIR", defaultValue = "${env:DATAAPI_TOKEN_CACHE:-${env:HOME:-${sys:user.home}}/.cache/dataapi/tokens}",
            description = "Where still-valid access tokens are kept between calls, mode 0600 (env DATAAPI_TOKEN_CACHE, default ${DEFAULT-VALUE}).")
    Path tokenCache;

    @Option(names = "--no-token-cache", description = "Trade the PAT on every call and keep no token.")
    boolean noTokenCache;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        String secret = null;
        try {
            if (pat != null && patFile != null) {
                throw new ClientFailure(ClientFailure.Kind.USAGE, "give --pat or --patfile, not both");
            }
            if (pat != null && pat.isBlank()) {
                throw new ClientFailure(ClientFailure.Kind.USAGE, "--pat is empty");
            }
            // The PAT first, so that a failure's message can be kept free of it (a server's that quotes it, say), and no URL holds it.
            secret = PatSource.resolve(Optional.ofNullable(pat), Optional.ofNullable(patFile), client.patDir, HOW_TO_GIVE_A_PAT);
            PatSource.refuseInUrl("--account_url", accountUrl, secret, HOW_TO_GIVE_A_PAT);
            PatSource.refuseInUrl("--endpoint", endpoint, secret, HOW_TO_GIVE_A_PAT);
            URI account = PatClient.accountUrl(accountUrl);
            URI target = PatClient.endpointUrl(endpoint);
            // CONNECT is a method, but not one a client can send to an endpoint (Java's refuses it).
            if (!method.matches("[A-Za-z]{1,16}") || method.equalsIgnoreCase("CONNECT")) {
                throw new ClientFailure(ClientFailure.Kind.USAGE, "--method '" + method + "' is not a method to call an endpoint with");
            }
            Optional<TokenCache> cache = noTokenCache ? Optional.empty() : Optional.of(new TokenCache(tokenCache, Clock.systemUTC()));
            PatClient.Answer answer = new ProgrammaticCall(client.client(), cache)
                    .run(account, secret, Optional.ofNullable(role), target, method, Optional.ofNullable(data));
            spec.commandLine().getOut().println(raw ? answer.body() : PrettyJson.indent(answer.body()).orElse(answer.body()));
            return 0;
        } catch (ClientFailure e) {
            ClientFailure shown = secret == null ? e : e.withoutPat(secret);
            spec.commandLine().getErr().println("dataapi call: " + shown.getMessage());
            return shown.kind().exitCode();
        }
    }
}
