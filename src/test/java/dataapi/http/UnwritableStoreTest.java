package dataapi.http;

import dataapi.AuthTestSupport;
import dataapi.DataApi;
import dataapi.ReadOnlyDirectory;
import dataapi.StandardError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static dataapi.AuthTestSupport.exchange;
import static dataapi.AuthTestSupport.get;
import static dataapi.AuthTestSupport.snowflakeToken;
import static org.assertj.core.api.Assertions.assertThat;

/** A file store the running server cannot write, as on a read-only mount: what only reads it goes on. */
class UnwritableStoreTest {
    private static final String TOP10 = "/connector/customers/top10";

    @TempDir
    Path work;

    /** The exchange's only write is when the PAT was last used: bookkeeping, not a reason to refuse the token. */
    @Test
    void tokenExchangesGoOnWhenTheirUseCannotBeRecorded() throws Exception {
        Path dataDir = work.resolve("data");
        List<String> store = List.of("--data-dir", dataDir.toString());
        String pat = AuthTestSupport.quickstartSetUp(store, work);
        HttpClient client = HttpClient.newHttpClient();
        try (DataApi api = AuthTestSupport.builtinServer(dataDir, Optional.empty(), List.of())) {
            String baseUrl = "http://127.0.0.1:" + api.port();
            String scope = "session:scope:APIROLE 127.0.0.1:" + api.port();
            String unwritable = StandardError.during(() -> {
                try (ReadOnlyDirectory ignored = new ReadOnlyDirectory(dataDir.resolve("auth"))) {
                    for (int i = 0; i < 3; i++) {
                        HttpResponse<String> exchanged = exchange(client, baseUrl, pat, scope, "*/*");
                        assertThat(exchanged.statusCode()).as(exchanged.body()).isEqualTo(200);
                        assertThat(get(client, baseUrl + TOP10, "Authorization", snowflakeToken(exchanged.body())).statusCode()).isEqualTo(200);
                    }
                    assertThat(AuthTestSupport.adminOk(store, "pat", "list", "apiuser").out()).containsPattern("TESTER .* never ");
                }
            });
            assertThat(unwritable).containsOnlyOnce("Cannot record when PATs are used, token exchanges go on without it: cannot write")
                    .doesNotContain(pat);

            String writable = StandardError.during(() -> assertThat(exchange(client, baseUrl, pat, scope, "*/*").statusCode()).isEqualTo(200));
            assertThat(writable).contains("The auth store records when PATs are used again");
            assertThat(AuthTestSupport.adminOk(store, "pat", "list", "apiuser").out()).doesNotContainPattern("TESTER .* never ");
        }
    }
}
