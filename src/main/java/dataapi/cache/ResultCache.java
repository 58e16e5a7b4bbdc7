package dataapi.cache;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import dataapi.config.CacheLifetime;
import dataapi.json.ResultTooLargeException;

import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.logging.Level;
import java.util.logging.Logger;

import static java.util.Objects.requireNonNull;

/**
 * Report results by request: bounded in bytes, each kept for its endpoint's lifetime, the server's
 * unless a declared endpoint sets its own; an endpoint whose lifetime is {@link CacheLifetime#OFF}
 * runs every request's computation. A result is computed once
 * however many identical requests arrive together, and a computation never holds up requests
 * for other keys (the cache maps keys to futures; a computation runs on the thread of the request that asked first).
 * Failures are not cached, but for an answer too long to send: the same query would give it again,
 * after reading up to the limit of rows, so it is refused at once while it would have been cached.
 */
public final class ResultCache {
    /**
     * What identifies a result: the endpoint, the family, the validated parameters (records, so
     * {@code 1995-1-5} and {@code 1995-01-05} are one key) and the caller's role. Never a token.
     */
    public record Key(String endpoint, String family, Object parameters, String role) {
        public Key {
            requireNonNull(endpoint, "endpoint is null");
            requireNonNull(family, "family is null");
            requireNonNull(parameters, "parameters is null");
        }
    }

    @FunctionalInterface
    public interface Computation {
        CachedResult compute() throws Exception;
    }

    /**
     * Caffeine logs a warning, with its stack trace, for every computation that fails. Each failure
     * reaches the request that ran it, whose handler logs it as its status deserves (often not at
     * all: a 503 or a 429 is the client's news, not the operator's), so the warning is turned off.
     * Held here, as JUL keeps its loggers' settings only while something refers to them.
     */
    private static final Logger CAFFEINE_LOADS = quiet("com.github.benmanes.caffeine.cache.LocalAsyncCache");

    /** The most keys of answers too long to send that are kept; a key is a few hundred bytes. */
    private static final int MAX_TOO_LONG = 1_000;

    private final long maxBytes;
    private final CacheLifetime timeToLive;
    private final Map<String, CacheLifetime> endpointLifetimes;
    private final AsyncCache<Key, CachedResult> cache;
    /** The keys whose answer was longer than the limit, with the limit. */
    private final Cache<Key, Long> tooLong;

    /**
     * @param maxBytes the most body bytes kept; 0 turns caching off
     * @param timeToLive how long a result is served, but for the endpoints of {@code endpointLifetimes}
     * @param endpointLifetimes by endpoint id, the lifetimes of the endpoints that have their own
     */
    public ResultCache(long maxBytes, CacheLifetime timeToLive, Map<String, CacheLifetime> endpointLifetimes) {
        if (maxBytes < 0) {
            throw new IllegalArgumentException("maxBytes must not be negative");
        }
        this.maxBytes = maxBytes;
        this.timeToLive = requireNonNull(timeToLive, "timeToLive is null");
        this.endpointLifetimes = Map.copyOf(endpointLifetimes);
        Caffeine<Object, Object> builder = Caffeine.newBuilder()
                .maximumWeight(maxBytes)
                .executor(Runnable::run);
        Caffeine<Object, Object> tooLongBuilder = Caffeine.newBuilder().maximumSize(MAX_TOO_LONG).executor(Runnable::run);
        // Without a lifetime that ends, entries carry no expiry to track.
        if (timeToLive.expires() || this.endpointLifetimes.values().stream().anyMatch(CacheLifetime::expires)) {
            Expiry<Key, Object> byEndpoint = Expiry.writing((key, value) -> lifetime(key).duration().orElse(ChronoUnit.FOREVER.getDuration()));
            builder.expireAfter(byEndpoint);
            tooLongBuilder.expireAfter(byEndpoint);
        }
        this.cache = builder.<Key, CachedResult>weigher((key, result) -> result.size() + 200).buildAsync();
        this.tooLong = tooLongBuilder.build();
    }

    private CacheLifetime lifetime(Key key) {
        return endpointLifetimes.getOrDefault(key.endpoint(), timeToLive);
    }

    private static Logger quiet(String name) {
        Logger logger = Logger.getLogger(name);
        logger.setLevel(Level.SEVERE);
        return logger;
    }

    /** The result for {@code key} if it is in the cache and complete: there is nothing to wait for. */
    public Optional<CachedResult> ready(Key key) {
        CompletableFuture<CachedResult> cached = maxBytes == 0 ? null : cache.getIfPresent(key);
        return cached != null && cached.isDone() && !cached.isCompletedExceptionally() ? Optional.of(cached.join()) : Optional.empty();
    }

    /**
     * The cached result for {@code key}, or the one {@code computation} makes now. A computation
     * that throws {@link CancellationException} was given up by the request that ran it, not
     * failed: the requests waiting for the same result run it again rather than share that end.
     */
    public CachedResult get(Key key, Computation computation) throws Exception {
        if (maxBytes == 0 || !lifetime(key).cached()) {
            return computation.compute();
        }
        Long limit = tooLong.getIfPresent(key);
        if (limit != null) {
            throw new ResultTooLargeException(limit);
        }
        while (true) {
            // Most requests find their result: look it up before making a future to offer in its place.
            CompletableFuture<CachedResult> existing = cache.getIfPresent(key);
            if (existing == null) {
                CompletableFuture<CachedResult> mine = new CompletableFuture<>();
                existing = cache.asMap().putIfAbsent(key, mine);
                if (existing == null) {
                    return computeInto(mine, key, computation);
                }
            }
            try {
                return existing.join();
            } catch (CancellationException e) {
                // join() throws a cancellation as it is: the request that ran it went away. Its
                // future leaves the cache (whoever removes it first), and this request looks again.
                cache.asMap().remove(key, existing);
            } catch (CompletionException e) {
                throw e.getCause() instanceof Exception cause ? cause : e;
            }
        }
    }

    private CachedResult computeInto(CompletableFuture<CachedResult> mine, Key key, Computation computation) throws Exception {
        try {
            CachedResult result = computation.compute();
            mine.complete(result);
            return result;
        } catch (Exception | Error e) {
            if (e instanceof ResultTooLargeException tooLarge) {
                tooLong.put(key, tooLarge.maxBytes());
            }
            mine.completeExceptionally(e);
            cache.asMap().remove(key, mine);
            throw e;
        }
    }
}
