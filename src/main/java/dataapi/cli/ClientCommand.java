package dataapi.cli;

import dataapi.client.ClientApp;
import dataapi.client.ClientFailure;
import dataapi.client.PatClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** {@code dataapi client}: the quickstart's Streamlit page, as a local web app on loopback. */
@Command(name = "client", mixinStandardHelpOptions = true,
        description = "A local web page to call a protected endpoint with a PAT, like the quickstart's Streamlit app.")
public final class ClientCommand implements Callable<Integer> {
    @Option(names = "--port", paramLabel = "PORT", converter = Converters.Port.class, defaultValue = "8501",
            description = "Port on 127.0.0.1 (default ${DEFAULT-VALUE}).")
    int port;

    /** When a PAT file is found, the page does not ask for a PAT. */
    @Mixin
    PatClientOptions client;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PatClient patClient;
        try {
            patClient = client.client();
        } catch (ClientFailure e) {
            // A --cacert that cannot be used: the same line and exit code as call's.
            spec.commandLine().getErr().println("dataapi client: " + e.getMessage());
            return e.kind().exitCode();
        }
        ClientApp app = new ClientApp("127.0.0.1", port, patClient, client.patDir).start();
        System.out.println("dataapi client: open http://127.0.0.1:" + app.port() + "/");
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            app.close();
            stopped.countDown();
        }, "shutdown"));
        stopped.await();
        return 0;
    }
}
