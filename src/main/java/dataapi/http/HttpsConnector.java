package dataapi.http;

import dataapi.config.TlsConfig;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.eclipse.jetty.server.ConnectionFactory;
import org.eclipse.jetty.server.DetectorConnectionFactory;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.util.ssl.SslContextFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.SignatureException;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.util.UUID;

/**
 * HTTPS served by Jetty itself from a PEM certificate chain and key, in place of plain HTTP. A
 * client that speaks plain HTTP to the port is answered, in plain HTTP, with a JSON 400 naming
 * the https URL to use, rather than left with a failed handshake it cannot read; nothing else is
 * served to it.
 */
public final class HttpsConnector {
    private HttpsConnector() {
    }

    /**
     * Reads the files as serving them would, so that a missing file, or one that is not a
     * certificate or key, stops start-up in one line before anything else starts.
     *
     * @throws IllegalArgumentException naming the files and what is wrong with them
     */
    public static void check(TlsConfig tls) {
        keyStore(tls, UUID.randomUUID().toString().toCharArray());
    }

    static void install(JavalinConfig config, TlsConfig tls, String host, int port) {
        char[] password = UUID.randomUUID().toString().toCharArray();
        KeyStore keyStore = keyStore(tls, password);
        BoundConnector.add(config, host, port, (server, http) -> {
            SslContextFactory.Server ssl = new SslContextFactory.Server();
            ssl.setKeyStore(keyStore);
            ssl.setKeyStorePassword(new String(password));
            // Local servers are called by IP address or by a name the certificate may not carry.
            SecureRequestCustomizer secure = new SecureRequestCustomizer(false, false, -1, false);
            http.addCustomizer(secure);
            HttpConnectionFactory http1 = ConnectionBuffers.http1(http);
            // Bytes that do not open a TLS handshake go to HTTP/1.1 as they are, for refusePlainHttp to answer.
            DetectorConnectionFactory tlsOrPlain = new DetectorConnectionFactory(ConnectionBuffers.tls(ssl, http1.getProtocol()));
            return new ConnectionFactory[] {tlsOrPlain, http1};
        });
        config.routes.before(HttpsConnector::refusePlainHttp);
    }

    /** A request that came over plain HTTP gets a 400 that names the URL it meant, and nothing else runs. */
    private static void refusePlainHttp(Context ctx) {
        if (!ctx.req().isSecure()) {
            String url = ctx.url();
            ApiServer.error(ctx, 400, "This port speaks HTTPS: use https" + url.substring(url.indexOf(':')));
            ctx.skipRemainingHandlers();
        }
    }

    private static KeyStore keyStore(TlsConfig tls, char[] password) {
        try {
            Certificate[] chain = certificates(tls.certificate());
            PrivateKey key = privateKey(tls.privateKey());
            requireKeyOf(chain[0], key);
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("dataapi", key, password, chain);
            return store;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot use the TLS certificate " + tls.certificate() + " and key " + tls.privateKey() + ": " + reason(e), e);
        }
    }

    /**
     * The chain in {@code file}. A file that holds none is said to, with the JDK's reason beside: that
     * alone, such as "signed fields invalid" for a key given as the certificate, does not say so.
     */
    private static Certificate[] certificates(Path file) throws IOException, CertificateException {
        Certificate[] chain;
        try (InputStream in = Files.newInputStream(file)) {
            chain = CertificateFactory.getInstance("X.509").generateCertificates(in).toArray(Certificate[]::new);
        } catch (CertificateException e) {
            if (e.getCause() instanceof IOException unreadable) {
                // A file that cannot be read, such as a folder: said as for the key, not as the JDK wraps it.
                throw unreadable;
            }
            // Without the cause, which reason() would take the message from instead.
            throw new CertificateException("no certificate in " + file + " (" + e.getMessage() + ")");
        }
        if (chain.length == 0) {
            throw new CertificateException("no certificate in " + file);
        }
        return chain;
    }

    /**
     * A key that is not the certificate's is stored without complaint, and then every handshake
     * fails: checked by signing with the key and verifying with the certificate's public key.
     */
    private static void requireKeyOf(Certificate certificate, PrivateKey key) throws GeneralSecurityException {
        // The JDK names an EC key "EC"; Bouncy Castle, once registered (the Snowflake driver does), "ECDSA".
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC", "ECDSA" -> "SHA256withECDSA";
            case "Ed25519", "EdDSA" -> "Ed25519";
            default -> throw new GeneralSecurityException("a " + key.getAlgorithm() + " key, where RSA, EC or Ed25519 is needed");
        };
        byte[] challenge = UUID.randomUUID().toString().getBytes(StandardCharsets.US_ASCII);
        Signature signer = Signature.getInstance(algorithm);
        signer.initSign(key);
        signer.update(challenge);
        byte[] signature = signer.sign();
        Signature verifier = Signature.getInstance(algorithm);
        try {
            verifier.initVerify(certificate.getPublicKey());
            verifier.update(challenge);
            if (verifier.verify(signature)) {
                return;
            }
        } catch (InvalidKeyException | SignatureException e) {
            // A public key of another kind: not this key's certificate either.
        }
        throw new GeneralSecurityException("the key is not the certificate's (the first certificate's public key does not match it)");
    }

    /** What is wrong with the files, in words: a missing or unreadable file by name, else the innermost cause's message. */
    private static String reason(Exception e) {
        if (e instanceof NoSuchFileException) {
            return "no such file " + e.getMessage();
        }
        if (e instanceof AccessDeniedException) {
            return "cannot read " + e.getMessage();
        }
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }

    private static PrivateKey privateKey(Path file) throws IOException {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.US_ASCII); PEMParser pem = new PEMParser(reader)) {
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
            for (Object object = pem.readObject(); object != null; object = pem.readObject()) {
                if (object instanceof PrivateKeyInfo info) {
                    return converter.getPrivateKey(info);
                }
                if (object instanceof PEMKeyPair pair) {
                    return converter.getPrivateKey(pair.getPrivateKeyInfo());
                }
            }
        }
        throw new IOException("no unencrypted private key in " + file);
    }
}
