package dataapi.http;

import dataapi.StandardError;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class BackgroundLineWriterTest {
    @Test
    void everyLineFromManyThreadsIsWrittenWholeAndInEachThreadsOrder() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int threads = 8;
        int linesEach = 20_000;
        ExecutorService producers = Executors.newFixedThreadPool(threads);
        try (BackgroundLineWriter writer = new BackgroundLineWriter(new PrintStream(bytes, false, StandardCharsets.UTF_8), "test-lines")) {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                done.add(producers.submit(() -> {
                    for (int i = 0; i < linesEach; i++) {
                        writer.accept("{\"thread\":" + thread + ",\"line\":" + i + "}");
                    }
                }));
            }
            for (Future<?> future : done) {
                future.get(1, TimeUnit.MINUTES);
            }
        } finally {
            producers.shutdownNow();
        }
        String[] lines = bytes.toString(StandardCharsets.UTF_8).split("\n", -1);
        assertThat(lines).hasSize(threads * linesEach + 1);
        assertThat(lines[lines.length - 1]).isEmpty();
        int[] next = new int[threads];
        for (int i = 0; i < lines.length - 1; i++) {
            assertThat(lines[i]).matches("\\{\"thread\":\\d+,\"line\":\\d+}");
            int thread = Integer.parseInt(lines[i].substring(10, lines[i].indexOf(',')));
            int line = Integer.parseInt(lines[i].substring(lines[i].lastIndexOf(':') + 1, lines[i].length() - 1));
            assertThat(line).as("thread %d", thread).isEqualTo(next[thread]++);
        }
        assertThat(next).containsOnly(linesEach);
    }

    @Test
    void producersWaitForASlowStreamRatherThanDropLines() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Set<String> written = new HashSet<>();
        OutputStream slow = new OutputStream() {
            private final ByteArrayOutputStream line = new ByteArrayOutputStream();

            @Override
            public void write(int b) throws java.io.IOException {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    throw new java.io.InterruptedIOException();
                }
                if (b == '\n') {
                    written.add(line.toString(StandardCharsets.UTF_8));
                    line.reset();
                } else {
                    line.write(b);
                }
            }
        };
        int count = 20_000; // more than the queue holds
        Thread producer;
        try (BackgroundLineWriter writer = new BackgroundLineWriter(new PrintStream(slow, false, StandardCharsets.UTF_8), "test-slow")) {
            producer = new Thread(() -> {
                for (int i = 0; i < count; i++) {
                    writer.accept("line " + i);
                }
            });
            producer.start();
            producer.join(500);
            assertThat(producer.isAlive()).as("the producer waits while the stream is stuck").isTrue();
            release.countDown();
            producer.join(TimeUnit.MINUTES.toMillis(1));
        }
        assertThat(producer.isAlive()).isFalse();
        assertThat(written).hasSize(count);
    }

    /** A pipe that nobody reads (a log shipper stopped): the server's stop must not wait on it for ever, and says what it gave up. */
    @Test
    void closingGivesUpTheLinesNotWrittenWhenTheStreamTakesNoneForTheStallWait() throws Exception {
        CountDownLatch writing = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        OutputStream stuck = new OutputStream() {
            @Override
            public void write(int b) throws java.io.IOException {
                writing.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    throw new java.io.InterruptedIOException();
                }
            }
        };
        BackgroundLineWriter writer = new BackgroundLineWriter(new PrintStream(stuck, false, StandardCharsets.UTF_8), "test-stuck",
                Duration.ofSeconds(1), Duration.ofSeconds(30));
        try {
            writer.accept("taken by the writer, which then waits in the stream");
            assertThat(writing.await(1, TimeUnit.MINUTES)).isTrue();
            writer.accept("still queued");
            long started = System.nanoTime();
            String logs = StandardError.during(writer::close);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).as("close waits the stall wait, not the limit")
                    .isBetween(Duration.ofSeconds(1), Duration.ofSeconds(10));
            assertThat(logs).contains("The test-stuck stream took no line for 1 s; stopping without the 2 lines not written yet");
            writer.accept("after the close"); // neither written nor waited for
        } finally {
            release.countDown();
        }
    }

    /**
     * A pipe to a slow log shipper, which takes a line every 20 ms: a close writes every line, for as long as that takes,
     * well past the stall wait, since lines keep being written.
     */
    @Test
    void closingWritesEveryLineWhileTheStreamTakesThem() throws Exception {
        SlowStream slow = new SlowStream(Duration.ofMillis(20));
        int count = 200; // 4 s of lines: four times the stall wait
        BackgroundLineWriter writer = new BackgroundLineWriter(new PrintStream(slow, false, StandardCharsets.UTF_8), "test-slow-moving",
                Duration.ofSeconds(1), Duration.ofSeconds(60));
        List<String> sent = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            sent.add(i + " " + "x".repeat(1000));
            writer.accept(sent.get(i));
        }
        long started = System.nanoTime();
        String logs = StandardError.during(writer::close);

        assertThat(slow.lines()).isEqualTo(sent);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThan(Duration.ofSeconds(2));
        assertThat(logs).isEmpty();
    }

    /** A stream that moves, but too slowly to take every line within the drain limit: the close ends at the limit and says so. */
    @Test
    void closingEndsAtTheDrainLimitHoweverTheLinesMove() throws Exception {
        SlowStream slow = new SlowStream(Duration.ofMillis(100));
        int count = 100; // 10 s of lines
        BackgroundLineWriter writer = new BackgroundLineWriter(new PrintStream(slow, false, StandardCharsets.UTF_8), "test-too-slow",
                Duration.ofSeconds(1), Duration.ofSeconds(2));
        for (int i = 0; i < count; i++) {
            writer.accept("line " + i + " " + "x".repeat(1000));
        }
        long started = System.nanoTime();
        String logs = StandardError.during(writer::close);
        long took = System.nanoTime() - started;

        assertThat(Duration.ofNanos(took)).isBetween(Duration.ofSeconds(2), Duration.ofSeconds(4));
        Matcher warning = Pattern.compile("The test-too-slow stream took the lines too slowly to write them all within 2 s;"
                + " stopping without the (\\d+) lines not written yet").matcher(logs);
        assertThat(warning.find()).as(logs).isTrue();
        // The writer ends with the write it was in, whose lines were counted as not written yet: 8 KiB of lines at most, nine of these.
        Thread.sleep(1_000);
        assertThat(Integer.parseInt(warning.group(1)) + slow.lines().size()).isBetween(count, count + 9);
        assertThat(slow.lines().size()).isBetween(10, 30);
    }

    /** A stream that takes each line (up to its line break) in {@code perLine}, as a slow reader of a pipe does. */
    private static final class SlowStream extends OutputStream {
        private final Duration perLine;
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();
        private final List<String> lines = new ArrayList<>();

        SlowStream(Duration perLine) {
            this.perLine = perLine;
        }

        @Override
        public synchronized void write(int b) throws java.io.IOException {
            if (b != '\n') {
                line.write(b);
                return;
            }
            try {
                Thread.sleep(perLine.toMillis());
            } catch (InterruptedException e) {
                throw new java.io.InterruptedIOException();
            }
            lines.add(line.toString(StandardCharsets.UTF_8));
            line.reset();
        }

        synchronized List<String> lines() {
            return List.copyOf(lines);
        }
    }

    @Test
    void linesAreUtf8WhateverTheStreamsCharset() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        BackgroundLineWriter writer = new BackgroundLineWriter(new PrintStream(bytes, false, StandardCharsets.US_ASCII), "test-utf8");
        writer.accept("{\"path\":\"/caf\u00e9\"}");
        writer.close();
        writer.accept("{\"path\":\"/\u65e5\"}"); // after the close, written on the caller's thread
        assertThat(bytes.toByteArray()).isEqualTo("{\"path\":\"/caf\u00e9\"}\n{\"path\":\"/\u65e5\"}\n".getBytes(StandardCharsets.UTF_8));
    }
}
