package dataapi.auth;

import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

class PasswordsTest {
    /**
     * A burst of hashes runs at most one a core at a time, whatever the threads asking: the others
     * wait their turn. Seen from the threads' stacks, sampled while the burst runs.
     */
    @Test
    void aBurstOfHashesRunsAtMostOneACoreAtATime() throws Exception {
        int cores = Runtime.getRuntime().availableProcessors();
        Passwords passwords = new Passwords(new SecureRandom());
        ExecutorService threads = Executors.newFixedThreadPool(cores + 3);
        try {
            List<Future<String>> hashes = new ArrayList<>();
            for (int i = 0; i < cores + 3; i++) {
                char[] password = ("password-" + i).toCharArray();
                hashes.add(threads.submit(() -> passwords.hash(password)));
            }
            int most = 0;
            while (!hashes.stream().allMatch(Future::isDone)) {
                most = Math.max(most, (int) Thread.getAllStackTraces().values().stream().filter(PasswordsTest::isHashing).count());
                Thread.sleep(10);
            }
            assertThat(most).as("threads seen hashing at once").isBetween(1, cores);
            for (int i = 0; i < hashes.size(); i++) {
                assertThat(passwords.matches(("password-" + i).toCharArray(), Optional.of(hashes.get(i).get()))).isTrue();
            }
        } finally {
            threads.shutdownNow();
        }
    }

    private static boolean isHashing(StackTraceElement[] stack) {
        return Arrays.stream(stack).anyMatch(frame -> frame.getClassName().contains("PBKDF2"));
    }
}
