package dataapi.http;

import dataapi.auth.Caller;
import io.javalin.http.Context;

/** Whom the limits per caller count a request to. */
final class PerCaller {
    private PerCaller() {
    }

    /**
     * The user an authentication step put in the {@link Caller#ATTRIBUTE} request attribute, or else
     * the client's IP address ({@link Forwarded}); prefixed so that a user named as an address is not that address.
     */
    static String key(Context ctx) {
        Caller caller = ctx.attribute(Caller.ATTRIBUTE);
        return caller != null && !caller.isAnonymous() ? "caller:" + caller.user() : "ip:" + Forwarded.clientAddress(ctx);
    }
}
