package dataapi.http;

import dataapi.TestTls;
import dataapi.config.TlsConfig;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.security.Provider;
import java.security.Security;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The key is checked against its certificate whichever provider reads it: the JDK names an EC key
 * "EC", Bouncy Castle "ECDSA", and the Snowflake driver registers Bouncy Castle in the process.
 */
class HttpsConnectorTest {
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void aKeyIsTheCertificatesOrRefusedWithBouncyCastleRegisteredOrNot(boolean bouncyCastle, @TempDir Path dir) throws Exception {
        TlsConfig one = TestTls.create(dir.resolve("one")).files();
        TlsConfig other = TestTls.create(dir.resolve("other")).files();
        List<Provider> before = Arrays.asList(Security.getProviders());
        try {
            Security.removeProvider(BouncyCastleProvider.PROVIDER_NAME);
            if (bouncyCastle) {
                Security.addProvider(new BouncyCastleProvider());
            }
            assertThatCode(() -> HttpsConnector.check(one)).doesNotThrowAnyException();
            assertThatThrownBy(() -> HttpsConnector.check(new TlsConfig(one.certificate(), other.privateKey())))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageEndingWith("the key is not the certificate's (the first certificate's public key does not match it)");
        } finally {
            // As it was: the providers other tests in this process registered stay, in their places.
            Security.removeProvider(BouncyCastleProvider.PROVIDER_NAME);
            for (int i = 0; i < before.size(); i++) {
                if (Security.getProvider(before.get(i).getName()) == null) {
                    Security.insertProviderAt(before.get(i), i + 1);
                }
            }
        }
    }
}
