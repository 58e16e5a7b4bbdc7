package dataapi.config;

/** Who checks callers: nobody, dataapi itself, or Snowflake's SPCS ingress in front of it. */
public enum AuthMode {
    NONE, BUILTIN, SPCS
}
