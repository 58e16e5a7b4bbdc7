package dataapi.report;

import dataapi.endpoint.BadRequestException;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Strict parsing of the reports' text inputs: ASCII digits only, real calendar dates only. */
final class Inputs {
    // Month and day may be unpadded, as the quickstart's strptime("%Y-%m-%d") accepted.
    private static final Pattern DATE = Pattern.compile("([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})");

    private Inputs() {
    }

    static LocalDate date(String raw, String errorMessage) {
        Matcher matcher = DATE.matcher(raw);
        if (!matcher.matches()) {
            throw new BadRequestException(errorMessage);
        }
        try {
            return LocalDate.of(Integer.parseInt(matcher.group(1)), Integer.parseInt(matcher.group(2)),
                    Integer.parseInt(matcher.group(3)));
        } catch (DateTimeException e) {
            throw new BadRequestException(errorMessage);
        }
    }

    /** True for a non-empty string of '0'..'9' only (not other scripts' digits, which Character.isDigit allows). */
    static boolean isAsciiDigits(String text) {
        if (text.isEmpty()) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }
}
