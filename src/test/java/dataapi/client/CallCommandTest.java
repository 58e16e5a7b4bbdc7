package dataapi.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import dataapi.AuthTestSupport;
import dataapi.AuthTestSupport.Run;
import dataapi.DataApi;
import dataapi.Main;
import dataapi.StandardError;
import dataapi.TestTls;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code dataapi call} against a real builtin-mode server over HTTPS with a self-signed certificate. */
class CallCommandTest {
    @TempDir
    static Path work;

    private static DataApi api;
    private static TestTls tls;
    private static String pat;
    private static String account;
    private static String top10;
    private static final List<String> outputs = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        Path dataDir = work.resolve("data");
        tls = TestTls.create(work.resolve("tls"));
        pat = AuthTestSupport.quickstartSetUp(List.of("--data-dir", dataDir.toString()), work);
        api = AuthTestSupport.builtinServer(dataDir, Optional.of(tls.files()), List.of(), NumbersEndpoint.declared(work));
        account = "127.0.0.1:" + api.port();
        top10 = "https://" + account + "/connector/customers/top10";
    }

    @AfterAll
    static void stop() throws Exception {
        api.close();
        for (String output : outputs) {
            assertThat(output).doesNotContain(pat);
        }
    }

    private static Run call(String... args) {
        CommandLine cli = Main.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        List<String> all = new ArrayList<>(List.of("call", "--no-token-cache"));
        all.addAll(List.of(args));
        int exit = cli.execute(all.toArray(String[]::new));
        outputs.add(out.toString());
        outputs.add(err.toString());
        return new Run(exit, out.toString(), err.toString());
    }

    private static String cacert() {
        return tls.files().certificate().toString();
    }

    @Test
    void eachPatSourceGetsTheRowsIndentedByTwo() throws Exception {
        String direct = AuthTestSupport.get(tls.client(), top10, "Authorization", AuthTestSupport.snowflakeToken(
                AuthTestSupport.exchange(tls.client(), "https://" + account, pat, account, "*/*").body())).body();
        ObjectMapper json = new ObjectMapper();
        Path emptyDir = Files.createDirectories(work.resolve("empty"));
        List<Run> runs = List.of(
                call("--account_url", account, "--role", "APIROLE", "--endpoint", top10, "--pat", pat, "--cacert", cacert(), "--pat-dir", emptyDir.toString()),
                call("--account-url", account, "--role", "APIROLE", "--endpoint", top10, "--patfile", work.resolve("apiuser-token-secret.txt").toString(),
                        "--cacert", cacert(), "--pat-dir", emptyDir.toString()),
                call("--account_url", account, "--endpoint", top10, "--cacert", cacert(), "--pat-dir", work.toString()));
        for (Run run : runs) {
            assertThat(run.exit()).as(run.err()).isZero();
            assertThat(run.out()).startsWith("[\n  {\n    \"O_CUSTKEY\": ");
            assertThat(json.readTree(run.out())).isEqualTo(json.readTree(direct));
        }
        Run raw = call("--account_url", account, "--endpoint", top10, "--cacert", cacert(), "--pat-dir", work.toString(), "--raw");
        assertThat(raw.out().strip()).isEqualTo(direct);
    }

    /** Each number is printed as the server wrote it, indented or not: a double in exponent notation, -0.0, a decimal's last zero. */
    @Test
    void numbersArePrintedAsTheServerWroteThem() {
        String numbers = "https://" + account + NumbersEndpoint.PATH;
        Run raw = call("--account_url", account, "--endpoint", numbers, "--cacert", cacert(), "--pat-dir", work.toString(), "--raw");
        assertThat(raw.exit()).as(raw.err()).isZero();
        assertThat(raw.out()).isEqualTo(NumbersEndpoint.json() + "\n");
        Run indented = call("--account_url", account, "--endpoint", numbers, "--cacert", cacert(), "--pat-dir", work.toString());
        assertThat(indented.exit()).as(indented.err()).isZero();
        assertThat(indented.out()).isEqualTo(NumbersEndpoint.indented() + "\n");
    }

    @Test
    void everyFailureIsOneLineWithItsOwnExitCode() throws Exception {
        Path emptyDir = Files.createDirectories(work.resolve("nothing-here"));
        Run noPat = call("--account_url", account, "--endpoint", top10, "--cacert", cacert(), "--pat-dir", emptyDir.toString());
        assertOneLine(noPat, 3, "no PAT", emptyDir.toString());

        String missingFile = work.resolve("missing.txt").toString();
        Run missingPatFile = call("--account_url", account, "--endpoint", top10, "--cacert", cacert(), "--patfile", missingFile);
        assertOneLine(missingPatFile, 3, "no PAT: cannot read " + missingFile + ": no such file or directory");
        Run missingCacert = call("--account_url", account, "--endpoint", top10, "--cacert", missingFile, "--pat-dir", work.toString());
        assertOneLine(missingCacert, 2, "cannot use --cacert " + missingFile + ": no such file or directory");

        Run refused = call("--account_url", account, "--endpoint", top10, "--cacert", cacert(), "--pat", "dataapi_pat_not-a-real-one");
        assertOneLine(refused, 4, "was refused (401)", "The PAT is not valid.");

        Run notGranted = call("--account_url", account, "--endpoint", "https://" + account + "/snowpark/customers/top10", "--cacert", cacert(), "--pat-dir", work.toString());
        assertOneLine(notGranted, 5, "answered 403", "Role APIROLE is not granted");

        Run untrusted = call("--account_url", account, "--endpoint", top10, "--pat-dir", work.toString());
        assertOneLine(untrusted, 6, "over TLS", "--cacert");

        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        Run unreachable = call("--account_url", "127.0.0.1:" + closedPort, "--endpoint", "https://127.0.0.1:" + closedPort + "/x", "--pat-dir", work.toString());
        assertOneLine(unreachable, 6, "cannot reach", "connection refused");
        // .invalid never resolves (RFC 6761): a mistyped account is told apart from a server that is down.
        Run unknownHost = call("--account_url", "no-such-account.invalid", "--endpoint", "https://no-such-account.invalid/x", "--pat-dir", work.toString());
        assertOneLine(unknownHost, 6, "cannot reach https://no-such-account.invalid: unknown host");

        Run plainHttp = call("--account_url", "example.com", "--endpoint", "http://example.com/connector/customers/top10", "--pat-dir", work.toString());
        assertOneLine(plainHttp, 2, "only allowed for loopback");
    }

    /**
     * A URL's field that holds the PAT whole, as typed or with its underscores made hyphens, is refused before anything is
     * looked up or sent: taken for a host name, the PAT would go to the DNS and into the TLS handshake. Nothing reaches the
     * host the other field names, which listens; the PAT given and the one found in the folder alike.
     */
    @Test
    void aUrlsFieldThatHoldsThePatIsRefusedBeforeAnyCall() throws Exception {
        String refused = " holds the PAT, which goes in no URL: give --pat or --patfile, or put it in a file named *-token-secret.txt";
        try (ServerSocket listening = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            String host = "127.0.0.1:" + listening.getLocalPort();
            String endpoint = "https://" + host + "/connector/customers/top10";
            for (List<String> fields : List.of(
                    List.of("--account_url", pat, "--endpoint", endpoint, "--pat", pat),
                    List.of("--account_url", pat.replace('_', '-') + ".snowflakecomputing.com", "--endpoint", endpoint, "--pat-dir", work.toString()),
                    List.of("--account_url", host, "--endpoint", pat, "--pat-dir", work.toString()),
                    List.of("--account_url", host, "--endpoint", "https://" + pat + "/connector/customers/top10", "--pat", pat),
                    List.of("--account_url", host, "--endpoint", "http://" + host + "/connector/customers/top10?pat=" + pat, "--pat", pat))) {
                Run run = call(fields.toArray(String[]::new));
                assertThat(run.exit()).as(fields.get(3)).isEqualTo(2);
                assertThat(run.out()).isEmpty();
                String field = fields.get(1).equals(host) ? "--endpoint" : "--account_url";
                assertThat(run.err().lines()).as(fields.get(3)).containsExactly("dataapi call: " + field + refused);
            }
            listening.setSoTimeout(500);
            assertThatThrownBy(listening::accept).as("nothing reached the host").isInstanceOf(SocketTimeoutException.class);
        }
    }

    @Test
    void aStillValidTokenIsReusedFromAPrivateCache() throws Exception {
        Path cache = work.resolve("cache");
        String logs = StandardError.during(() -> {
            for (int i = 0; i < 3; i++) {
                assertThat(callCaching(cache, top10)).isZero();
            }
        });
        assertThat(logs.split("Issued an access token", -1)).hasSize(2);
        List<Path> files;
        try (var listed = Files.list(cache)) {
            files = listed.toList();
        }
        assertThat(files).hasSize(1);
        assertThat(Files.getPosixFilePermissions(files.get(0))).isEqualTo(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE));
        assertThat(Files.readString(files.get(0))).doesNotContain(pat);
        assertThat(files.get(0).getFileName().toString()).doesNotContain(pat);
    }

    /**
     * Files of tokens whose key is never called again would stay for good: calls that store a token remove those of tokens
     * that have expired, also several calls at once in one folder, and nothing else there: not another's token still valid,
     * other files, folders, links or what a link points to.
     */
    @Test
    void callsRemoveTheCachedFilesOfExpiredTokensAndNothingElse() throws Exception {
        Path cache = Files.createDirectories(work.resolve("cache-with-expired"));
        long now = Instant.now().getEpochSecond();
        String expired = (now - 3600) + "\nexpired-token\n";
        List<Path> expiredFiles = List.of(Files.writeString(cache.resolve(sha256("a") + ".token"), expired),
                Files.writeString(cache.resolve(sha256("b") + ".token"), expired));
        Path outside = Files.writeString(work.resolve("linked-expired.token"), expired);
        List<Path> kept = List.of(Files.writeString(cache.resolve(sha256("c") + ".token"), (now + 7200) + "\nvalid-token\n"),
                Files.writeString(cache.resolve("notes.txt"), expired),
                Files.writeString(cache.resolve(sha256("d") + ".token.bak"), expired),
                Files.writeString(cache.resolve(sha256("e").toUpperCase(Locale.ROOT) + ".token"), expired),
                Files.createDirectory(cache.resolve(sha256("f") + ".token")),
                Files.createSymbolicLink(cache.resolve(sha256("g") + ".token"), outside));

        ExecutorService callers = Executors.newFixedThreadPool(4);
        try {
            List<Future<Integer>> calls = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                calls.add(callers.submit(() -> callCaching(cache, top10)));
            }
            for (Future<Integer> call : calls) {
                assertThat(call.get(60, TimeUnit.SECONDS)).isZero();
            }
        } finally {
            callers.shutdownNow();
        }

        assertThat(expiredFiles).allSatisfy(file -> assertThat(file).doesNotExist());
        assertThat(kept).allSatisfy(file -> assertThat(file).exists());
        assertThat(outside).exists();
        try (var listed = Files.list(cache)) {
            assertThat(listed.filter(file -> !kept.contains(file)).toList()).as("besides what is kept, the calls' token").singleElement()
                    .satisfies(file -> assertThat(Files.readString(file)).doesNotContain("expired-token"));
        }
    }

    /**
     * A call killed between making its temporary file and moving it into place leaves it, empty or not: calls that store a
     * token remove those older than a minute, and nothing else: not a younger one, which another call may be writing, nor a
     * link or folder of such a name, nor what a link points to, nor other names.
     */
    @Test
    void callsRemoveTheCachesOwnOldTemporaryFilesAndNothingElse() throws Exception {
        Path cache = Files.createDirectories(work.resolve("cache-with-leftovers"));
        long now = Instant.now().getEpochSecond();
        List<Path> leftovers = List.of(twoMinutesOld(Files.createFile(cache.resolve("token-1.tmp"))),
                twoMinutesOld(Files.writeString(cache.resolve("token-2.tmp"), (now + 7200) + "\n")),
                twoMinutesOld(Files.writeString(cache.resolve("token-3.tmp"), (now + 7200) + "\nvalid-token\n")));
        Path outside = twoMinutesOld(Files.createFile(work.resolve("linked-leftover.tmp")));
        List<Path> kept = List.of(Files.createFile(cache.resolve("token-4.tmp")),
                twoMinutesOld(Files.createDirectory(cache.resolve("token-5.tmp"))),
                twoMinutesOld(Files.createSymbolicLink(cache.resolve("token-6.tmp"), outside)),
                twoMinutesOld(Files.createFile(cache.resolve("token-x.tmp"))),
                twoMinutesOld(Files.createFile(cache.resolve("notes.tmp"))));

        assertThat(callCaching(cache, top10)).isZero();

        assertThat(leftovers).allSatisfy(file -> assertThat(file).doesNotExist());
        assertThat(kept).allSatisfy(file -> assertThat(file).exists());
        assertThat(cache.resolve("token-6.tmp")).isSymbolicLink();
        assertThat(outside).exists();
    }

    /** Sets the time of {@code file} itself, a link's rather than what it points to, two minutes back. */
    private static Path twoMinutesOld(Path file) throws IOException {
        Files.getFileAttributeView(file, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                .setTimes(FileTime.from(Instant.now().minus(Duration.ofMinutes(2))), null, null);
        return file;
    }

    private static String sha256(String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * As curl's, {@code --cacert} replaces the certificates trusted rather than adding to them: a server that the default
     * trust store vouches for (here one given to the JVM) is refused when FILE does not hold its certificate.
     */
    @Test
    void theCacertFileIsTheOnlyTrustNotAnAddition() throws Exception {
        KeyStore defaults = KeyStore.getInstance("PKCS12");
        defaults.load(null, null);
        try (InputStream server = Files.newInputStream(Path.of(cacert()))) {
            defaults.setCertificateEntry("server", CertificateFactory.getInstance("X.509").generateCertificate(server));
        }
        Path trustStore = work.resolve("default-trust.p12");
        try (OutputStream out = Files.newOutputStream(trustStore)) {
            defaults.store(out, "changeit".toCharArray());
        }
        String otherCertificate = TestTls.create(work.resolve("other-tls")).files().certificate().toString();

        assertThat(callTrustingByDefault(trustStore)).as("the default trust store vouches for the server").startsWith("0 ");
        assertThat(callTrustingByDefault(trustStore, "--cacert", otherCertificate)).startsWith("6 ").contains("not trusted");
    }

    /** The exit code and standard error of a {@code dataapi call} process whose default trust store is {@code trustStore}. */
    private static String callTrustingByDefault(Path trustStore, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djavax.net.ssl.trustStore=" + trustStore, "-Djavax.net.ssl.trustStorePassword=changeit", "-Djavax.net.ssl.trustStoreType=PKCS12",
                "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "call", "--no-token-cache", "--account_url", account, "--endpoint", top10, "--pat-dir", work.toString()));
        command.addAll(List.of(args));
        Process call = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        String error = new String(call.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(call.waitFor(60, TimeUnit.SECONDS)).isTrue();
        outputs.add(error);
        return call.exitValue() + " " + error;
    }

    /** A token traded for https:// is not offered to http:// at the same host and port, nor the other way round. */
    @Test
    void aCachedTokenIsOnlyReusedForTheSchemeItWasTradedFor() throws Exception {
        Path cache = work.resolve("cache-by-scheme");
        int closed;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            closed = free.getLocalPort();
        }
        // Nothing listens there: each call fails (6) after its exchange, whose token is kept. The server issues tokens for any host.
        List<String> tokensIssued = new ArrayList<>();
        for (String scheme : List.of("https", "https", "http", "http", "https")) {
            String logs = StandardError.during(() -> assertThat(callCaching(cache, scheme + "://127.0.0.1:" + closed + "/connector/customers/top10")).isEqualTo(6));
            tokensIssued.add(scheme + " " + (logs.split("Issued an access token", -1).length - 1));
        }
        assertThat(tokensIssued).containsExactly("https 1", "https 0", "http 1", "http 0", "https 0");
    }

    /** {@code dataapi call} of {@code endpoint} with the token cache in {@code cache}; returns the exit code. */
    private static int callCaching(Path cache, String endpoint) {
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(new StringWriter(), true));
        cli.setErr(new PrintWriter(new StringWriter(), true));
        return cli.execute("call", "--account_url", account, "--endpoint", endpoint, "--cacert", cacert(),
                "--pat-dir", work.toString(), "--token-cache", cache.toString());
    }

    private static void assertOneLine(Run run, int exit, String... fragments) {
        assertThat(run.exit()).as(run.err()).isEqualTo(exit);
        assertThat(run.out()).isEmpty();
        assertThat(run.err().lines()).hasSize(1);
        assertThat(run.err()).startsWith("dataapi call: ").contains(fragments).doesNotContain("Exception");
    }
}
