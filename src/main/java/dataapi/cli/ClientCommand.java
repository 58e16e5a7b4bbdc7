package dataapi.cli;

import dataapi.client.ClientApp;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

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

    @Override
    public Integer call() throws Exception {
        ClientApp app = new ClientApp("127.0.0.1", port, client.client(), client.patDir).start();
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
