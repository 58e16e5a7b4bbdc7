package dataapi.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;

import java.text.ParseException;
import java.util.UUID;

/**
 * The ES256 (P-256) key pair that signs tokens, kept in the store as a private JWK, with its signer
 * and verifier built once rather than on every request.
 *
 * @param jwk the stored form
 * @param keyId the {@code kid} tokens name
 */
record SigningKey(String jwk, String keyId, JWSSigner signer, JWSVerifier verifier) {
    static String generate() {
        try {
            return new ECKeyGenerator(Curve.P_256).keyID(UUID.randomUUID().toString()).generate().toJSONString();
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot generate a P-256 key", e);
        }
    }

    static SigningKey parse(String jwk) {
        try {
            ECKey key = ECKey.parse(jwk);
            return new SigningKey(jwk, key.getKeyID(), new ECDSASigner(key), new ECDSAVerifier(key.toPublicJWK()));
        } catch (ParseException | JOSEException e) {
            throw new IllegalStateException("the stored signing key is not a valid P-256 JWK", e);
        }
    }

    @Override
    public String toString() {
        return "SigningKey[" + keyId + "]";
    }
}
