package dataapi.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dataapi.http.Assets;
import dataapi.http.BoundConnector;
import dataapi.http.HeadAsGet;
import dataapi.http.MethodNotAllowed;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import static dataapi.client.ClientFailure.Kind.NO_PAT;
import static dataapi.client.ClientFailure.Kind.USAGE;
import static java.util.Objects.requireNonNull;

/**
 * {@code dataapi client}: the quickstart's Streamlit page as a small local web app. The browser
 * sends the form here; the PAT exchange and the call run on this side (no browser CORS), and the
 * access token stays here too, behind a random ticket. Only pages from this app's own origin can
 * use it: requests must name this host and port, and state changes must be JSON POSTs, which
 * other sites' pages cannot send without a CORS preflight that is never answered.
 */
public final class ClientApp implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ClientApp.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TICKET_LIFETIME = Duration.ofMinutes(50);
    private static final String HOW_TO_GIVE_A_PAT = "fill in the PAT";
    private static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self';"
            + " form-action 'none'; base-uri 'none'; frame-ancestors 'none'";

    /** An access token kept here, good only for the host it was traded for: its scope names that host. */
    private record Ticket(String token, Instant expires, String endpointOrigin) {
    }

    private final PatClient client;
    private final Path patDir;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Ticket> tickets = new ConcurrentHashMap<>();
    private final Javalin javalin;

    public ClientApp(String host, int port, PatClient client, Path patDir) {
        this.client = requireNonNull(client, "client is null");
        this.patDir = requireNonNull(patDir, "patDir is null");
        this.javalin = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            BoundConnector.plainHttp(config, host, port);
            HeadAsGet.install(config);
            config.routes.before(this::sameOriginOnly);
            config.routes.get("/", asset("client.html", "text/html; charset=utf-8"));
            config.routes.get("/client.js", asset("client.js", "text/javascript; charset=utf-8"));
            config.routes.get("/client.css", asset("client.css", "text/css; charset=utf-8"));
            config.routes.get("/api/config", this::configuration);
            config.routes.post("/api/token", this::token);
            config.routes.post("/api/data", this::data);
            // What the page's fields or the PAT folder lack is the user's to mend (400); the rest went wrong beyond this app (502).
            config.routes.exception(ClientFailure.class, (e, ctx) -> error(ctx, e.kind() == USAGE || e.kind() == NO_PAT ? 400 : 502,
                    e.kind().name(), e.getMessage()));
            config.routes.exception(JsonProcessingException.class, (e, ctx) -> error(ctx, 400, USAGE.name(), "The request body is not JSON."));
            config.routes.error(404, "*", ctx -> error(ctx, 404, "NOT_FOUND", "Not found."));
            MethodNotAllowed.install(config, (ctx, message) -> error(ctx, 405, "METHOD_NOT_ALLOWED", message));
        });
    }

    public ClientApp start() {
        javalin.start();
        return this;
    }

    public int port() {
        return javalin.port();
    }

    private void sameOriginOnly(Context ctx) {
        String host = String.valueOf(ctx.host());
        String origin = ctx.header("Origin");
        boolean ownHost = host.equals("127.0.0.1:" + port()) || host.equals("localhost:" + port()) || host.equals("[::1]:" + port());
        if (!ownHost || (origin != null && !origin.equals("http://" + host))
                || (ctx.method().name().equals("POST") && !String.valueOf(ctx.contentType()).startsWith("application/json"))) {
            error(ctx, 403, "FORBIDDEN", "Only this app's own page may call it.");
            ctx.skipRemainingHandlers();
        }
    }

    private void configuration(Context ctx) {
        ObjectNode json = JSON.createObjectNode();
        Optional<Path> found = PatSource.find(patDir);
        json.put("patFound", found.isPresent());
        found.ifPresent(file -> json.put("patFile", file.getFileName().toString()));
        ctx.json(json.toString());
    }

    /** Step one, "Trading PAT for Token...". */
    private void token(Context ctx) throws IOException {
        JsonNode form = JSON.readTree(ctx.body());
        String pat = PatSource.resolve(Optional.ofNullable(form.path("pat").textValue()), Optional.empty(), patDir, HOW_TO_GIVE_A_PAT);
        String accountUrl = text(form, "account_url");
        String url = text(form, "url");
        PatSource.refuseInUrl("Account URL", accountUrl, pat, HOW_TO_GIVE_A_PAT);
        PatSource.refuseInUrl("Request URL", url, pat, HOW_TO_GIVE_A_PAT);
        URI account;
        URI endpoint;
        String token;
        try {
            account = PatClient.accountUrl(accountUrl);
            endpoint = PatClient.endpointUrl(url);
            Optional<String> role = Optional.ofNullable(form.path("role").textValue()).filter(r -> !r.isBlank());
            token = client.exchange(account, pat, role, endpoint);
        } catch (ClientFailure e) {
            // A server's message that quotes the PAT is not sent back to the page.
            throw e.withoutPat(pat);
        }
        Instant now = Instant.now();
        tickets.values().removeIf(ticket -> ticket.expires().isBefore(now));
        String ticket = randomTicket();
        tickets.put(ticket, new Ticket(token, now.plus(TICKET_LIFETIME), PatClient.endpointOrigin(endpoint)));
        log.info("Traded a PAT for a token at {}", account);
        ctx.json(JSON.createObjectNode().put("ticket", ticket).toString());
    }

    /** Step two, "Getting data...": the endpoint's answer, indented, and as a table when it is a list of rows. */
    private void data(Context ctx) throws IOException {
        JsonNode form = JSON.readTree(ctx.body());
        Ticket ticket = tickets.get(text(form, "ticket"));
        if (ticket == null || ticket.expires().isBefore(Instant.now())) {
            throw new ClientFailure(USAGE, "The token has expired here; press the button again.");
        }
        URI endpoint = PatClient.endpointUrl(text(form, "url"));
        if (!PatClient.endpointOrigin(endpoint).equals(ticket.endpointOrigin())) {
            // The token goes nowhere but where it was traded for.
            throw new ClientFailure(USAGE, "The token was traded for " + ticket.endpointOrigin() + "; press the button again for this URL.");
        }
        PatClient.Answer answer;
        try {
            answer = client.call(endpoint, ticket.token(), "GET", Optional.empty());
        } catch (PatClient.EndpointError e) {
            throw e.failure();
        }
        ObjectNode result = JSON.createObjectNode();
        result.put("status", answer.status());
        result.put("pretty", PrettyJson.indent(answer.body()).orElse(answer.body()));
        table(answer.body()).ifPresent(table -> result.set("table", table));
        ctx.json(result.toString());
    }

    /** Columns and cell texts, when the body is a JSON array of objects; numbers keep their text in the body. */
    private static Optional<ObjectNode> table(String body) {
        JsonNode rows = PrettyJson.read(body).orElse(null);
        if (rows == null || !rows.isArray() || rows.isEmpty() || !rows.get(0).isObject()) {
            return Optional.empty();
        }
        ObjectNode table = JSON.createObjectNode();
        ArrayNode columns = table.putArray("columns");
        rows.get(0).fieldNames().forEachRemaining(columns::add);
        ArrayNode cells = table.putArray("rows");
        for (JsonNode row : rows) {
            ArrayNode line = cells.addArray();
            for (Iterator<JsonNode> names = columns.elements(); names.hasNext(); ) {
                line.add(PrettyJson.text(row.path(names.next().asText())));
            }
        }
        return Optional.of(table);
    }

    private static String text(JsonNode form, String field) {
        String value = form.path(field).textValue();
        if (value == null || value.isBlank()) {
            throw new ClientFailure(USAGE, "Fill in " + field + ".");
        }
        return value;
    }

    private String randomTicket() {
        byte[] bytes = new byte[24];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static void error(Context ctx, int status, String kind, String message) {
        ctx.status(status).json(JSON.createObjectNode().put("error", message).put("kind", kind).toString());
    }

    /** The page's file {@code name}, read once, when the app starts. */
    private static Handler asset(String name, String contentType) {
        byte[] body = Assets.resource("dataapi/client/" + name);
        return ctx -> {
            ctx.header("Content-Security-Policy", CONTENT_SECURITY_POLICY);
            ctx.header("X-Content-Type-Options", "nosniff");
            ctx.contentType(contentType).result(body);
        };
    }

    @Override
    public void close() {
        javalin.stop();
    }
}
