package dataapi;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A server over the shared test data for the tests of one class, started before the first and
 * stopped after the last: {@code @RegisterExtension static final RunningApi api = new RunningApi();}.
 */
public final class RunningApi implements BeforeAllCallback, AfterAllCallback {
    private DataApi api;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        api = DataApi.start(TestData.serverConfig());
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
