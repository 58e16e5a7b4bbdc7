package dataapi.config;

import java.nio.file.Path;

import static java.util.Objects.requireNonNull;

/**
 * HTTPS served directly, from PEM files.
 *
 * @param certificate the certificate chain, leaf first
 * @param privateKey its private key (PKCS#8, or the traditional RSA/EC forms)
 */
public record TlsConfig(Path certificate, Path privateKey) {
    public TlsConfig {
        requireNonNull(certificate, "certificate is null");
        requireNonNull(privateKey, "privateKey is null");
    }
}
