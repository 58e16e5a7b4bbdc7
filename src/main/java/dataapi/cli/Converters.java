package dataapi.cli;

import dataapi.auth.AuthAdmin;
import dataapi.config.AuthMode;
import dataapi.config.CacheTtl;
import dataapi.config.Durations;
import dataapi.config.EmbeddedConfig;
import dataapi.config.RequestLimits;
import dataapi.config.RequestRate;
import dataapi.config.WarehouseKind;
import dataapi.report.OrdersTable;
import dataapi.tpch.ScaleFactor;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Flag value parsers whose errors name the problem in one line. */
final class Converters {
    private Converters() {
    }

    static final class Scale implements ITypeConverter<ScaleFactor> {
        @Override
        public ScaleFactor convert(String value) {
            return parsed(value, ScaleFactor::parse);
        }
    }

    static final class Mode implements ITypeConverter<AuthMode> {
        @Override
        public AuthMode convert(String value) {
            try {
                return AuthMode.valueOf(value.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException("'" + value + "' is not one of none, builtin, spcs");
            }
        }
    }

    static final class Warehouse implements ITypeConverter<WarehouseKind> {
        @Override
        public WarehouseKind convert(String value) {
            return parsed(value, WarehouseKind::parse);
        }
    }

    /** A table name such as {@code SNOWFLAKE_SAMPLE_DATA.TPCH_SF10.ORDERS}, checked as the reports check it. */
    static final class TableName implements ITypeConverter<String> {
        @Override
        public String convert(String value) {
            try {
                return new OrdersTable(value.trim()).sqlName();
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException("'" + value + "' is not a table name such as DATABASE.SCHEMA.ORDERS");
            }
        }
    }

    /**
     * An address of this machine to listen on, or a name that resolves to one: said now, since binding
     * to any other fails later, as a port in use does.
     */
    static final class ListenAddress implements ITypeConverter<String> {
        @Override
        public String convert(String value) {
            String host = value.trim();
            InetAddress address;
            try {
                address = InetAddress.getByName(host);
            } catch (UnknownHostException e) {
                throw new TypeConversionException("'" + value + "' is neither an IP address nor a name this machine resolves");
            }
            try {
                if (!address.isAnyLocalAddress() && !address.isLoopbackAddress() && NetworkInterface.getByInetAddress(address) == null) {
                    throw new TypeConversionException("'" + value + "' is not an address of this machine; 0.0.0.0 listens on all of them");
                }
            } catch (SocketException e) {
                throw new TypeConversionException("cannot list this machine's addresses to check '" + value + "': " + e.getMessage());
            }
            return host;
        }
    }

    static final class Port implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            int port = integer(value);
            if (port < 0 || port > 65535) {
                throw new TypeConversionException("'" + value + "' is not a port (0 to 65535)");
            }
            return port;
        }
    }

    /** A whole number, zero or more. */
    static final class NonNegative implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            return atLeast(value, 0);
        }
    }

    /** A whole number, one or more. */
    static final class AtLeastOne implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            return atLeast(value, 1);
        }
    }

    /** A PAT's lifetime in days, checked as the store checks it, so that one out of range is wrong usage, as a word is. */
    static final class PatDays implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            int days = integer(value);
            try {
                AuthAdmin.checkPatDays(days);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
            return days;
        }
    }

    /** {@code auto}, or a memory size as DuckDB takes it, such as {@code 64MB} or {@code 1GB}. */
    static final class MemorySize implements ITypeConverter<String> {
        private static final Pattern SIZE = Pattern.compile("auto|[0-9]{1,6}(KB|MB|GB)");

        @Override
        public String convert(String value) {
            String size = value.trim();
            if (!SIZE.matcher(size).matches()) {
                throw new TypeConversionException("'" + value + "' is not auto or a size such as 64MB or 1GB");
            }
            if (!size.equals("auto")) {
                try {
                    EmbeddedConfig.checkMemoryLimit(size);
                } catch (IllegalArgumentException e) {
                    throw new TypeConversionException(e.getMessage());
                }
            }
            return size;
        }
    }

    /** A number of bytes such as {@code 32MB}, {@code 512KB} or {@code 0}. */
    static final class Bytes implements ITypeConverter<Long> {
        private static final Pattern SIZE = Pattern.compile("([0-9]{1,6})(KB|MB|GB)?");

        @Override
        public Long convert(String value) {
            Matcher matcher = SIZE.matcher(value.trim());
            if (!matcher.matches() || (matcher.group(2) == null && !matcher.group(1).equals("0"))) {
                throw new TypeConversionException("'" + value + "' is not a size such as 32MB, 512KB or 0");
            }
            long amount = Long.parseLong(matcher.group(1));
            return matcher.group(2) == null ? 0L : switch (matcher.group(2)) {
                case "KB" -> amount << 10;
                case "MB" -> amount << 20;
                default -> amount << 30;
            };
        }
    }

    /** The longest answer: {@code auto}, sized by the heap, or a number of bytes such as {@code 8MB}. */
    record ResultSize(OptionalLong bytes) {
        long resolve(long maxHeap) {
            return bytes.orElseGet(() -> RequestLimits.maxResultBytesFor(maxHeap));
        }
    }

    static final class ResultSizeConverter implements ITypeConverter<ResultSize> {
        @Override
        public ResultSize convert(String value) {
            if (value.trim().equals("auto")) {
                return new ResultSize(OptionalLong.empty());
            }
            TypeConversionException notASize = new TypeConversionException("'" + value + "' is not auto or a size of 1KB or more, such as 8MB");
            long bytes;
            try {
                bytes = new Bytes().convert(value);
            } catch (TypeConversionException e) {
                throw notASize;
            }
            if (bytes < RequestLimits.MIN_RESULT_BYTES) {
                throw notASize;
            }
            return new ResultSize(OptionalLong.of(bytes));
        }
    }

    /** The rate limit per caller: {@code off}, or a rate such as {@code 10/s} or {@code 600/min}. */
    record RateLimit(Optional<RequestRate> rate) {
    }

    static final class RateLimitConverter implements ITypeConverter<RateLimit> {
        @Override
        public RateLimit convert(String value) {
            if (value.trim().equals("off")) {
                return new RateLimit(Optional.empty());
            }
            try {
                return new RateLimit(Optional.of(RequestRate.parse(value)));
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException("'" + value + "' is not off or a rate of 1 to " + RequestRate.MAX_REQUESTS
                        + " requests such as 10/s or 600/min");
            }
        }
    }

    /** {@code auto}, {@code forever}, {@code off} or a duration such as {@code 30s}, as an endpoint's {@code "cache_ttl"} is too. */
    static final class CacheTtlConverter implements ITypeConverter<CacheTtl> {
        @Override
        public CacheTtl convert(String value) {
            return parsed(value, CacheTtl::parse);
        }
    }

    /** A duration such as {@code 500ms}, {@code 5s}, {@code 2m} or {@code 1h}. */
    static final class PositiveDuration implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            return parsed(value, Durations::parse);
        }
    }

    /** A wait for a pooled connection: HikariCP takes none shorter than 250 ms. */
    static final class PoolWait implements ITypeConverter<Duration> {
        private static final Duration SHORTEST = Duration.ofMillis(250);

        @Override
        public Duration convert(String value) {
            Duration wait = new PositiveDuration().convert(value);
            if (wait.compareTo(SHORTEST) < 0) {
                throw new TypeConversionException("'" + value + "' is shorter than 250ms, the shortest wait the connection pool takes");
            }
            return wait;
        }
    }

    /** What {@code parse} makes of {@code value}; its refusal's message is the flag's error. */
    private static <T> T parsed(String value, Function<String, T> parse) {
        try {
            return parse.apply(value);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }

    private static int atLeast(String value, int minimum) {
        int number = integer(value);
        if (number < minimum) {
            throw new TypeConversionException("'" + value + "' must be at least " + minimum);
        }
        return number;
    }

    private static int integer(String value) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new TypeConversionException("'" + value + "' is not a whole number");
        }
    }
}
