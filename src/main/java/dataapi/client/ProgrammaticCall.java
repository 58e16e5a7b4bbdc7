package dataapi.client;

import java.net.URI;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * One call of a protected endpoint with a PAT: a cached access token when one is still valid,
 * else a fresh exchange; a cached token the endpoint refuses with 401 is traded again once.
 */
public final class ProgrammaticCall {
    private final PatClient client;
    private final Optional<TokenCache> cache;

    public ProgrammaticCall(PatClient client, Optional<TokenCache> cache) {
        this.client = requireNonNull(client, "client is null");
        this.cache = requireNonNull(cache, "cache is null");
    }

    public PatClient.Answer run(URI account, String pat, Optional<String> role, URI endpoint, String method, Optional<String> data) {
        String key = TokenCache.key(account.toString(), role, endpoint, pat);
        Optional<String> cached = cache.flatMap(tokens -> tokens.get(key));
        if (cached.isPresent()) {
            try {
                return client.call(endpoint, cached.get(), method, data);
            } catch (PatClient.EndpointError e) {
                if (e.answer().status() != 401) {
                    throw e.failure();
                }
                cache.get().remove(key);
            }
        }
        String token = client.exchange(account, pat, role, endpoint);
        cache.ifPresent(tokens -> tokens.put(key, token));
        try {
            return client.call(endpoint, token, method, data);
        } catch (PatClient.EndpointError e) {
            throw e.failure();
        }
    }
}
