package dataapi;

import dataapi.declared.SqlEndpoint;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.List;

/**
 * A server over the shared test data for the tests of one class, started before the first and
 * stopped after the last: {@code @RegisterExtension static final RunningApi api = new RunningApi();}.
 */
public final class RunningApi implements BeforeAllCallback, AfterAllCallback {
    private final List<SqlEndpoint> declaredEndpoints;
    private DataApi api;

    public RunningApi() {
        this(List.of());
    }

    /** A server that also serves {@code declaredEndpoints}. */
    public RunningApi(List<SqlEndpoint> declaredEndpoints) {
        this.declaredEndpoints = List.copyOf(declaredEndpoints);
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        api = DataApi.start(TestData.serverConfig().withDeclaredEndpoints(declaredEndpoints));
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        api.close();
    }

    /** The port it listens on. */
    public int port() {
        return api.port();
    }
}
