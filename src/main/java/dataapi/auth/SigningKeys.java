package dataapi.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;

import java.text.ParseException;
import java.util.UUID;

/** The ES256 (P-256) key pair that signs tokens, kept in the store as a private JWK. */
final class SigningKeys {
    private SigningKeys() {
    }

    static String generate() {
        try {
            return new ECKeyGenerator(Curve.P_256).keyID(UUID.randomUUID().toString()).generate().toJSONString();
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot generate a P-256 key", e);
        }
    }

    static ECKey parse(String jwk) {
        try {
            return ECKey.parse(jwk);
        } catch (ParseException e) {
            throw new IllegalStateException("the stored signing key is not a valid JWK", e);
        }
    }
}
