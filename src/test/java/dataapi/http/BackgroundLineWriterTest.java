package dataapi.http;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

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

    /** A pipe that nobody reads (a log shipper stopped): the server's stop must not wait on it for ever. */
    @Test
    void closingGivesUpTheQueuedLinesWhenTheStreamTakesNone() throws Exception {
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
        BackgroundLineWriter writer = new BackgroundLineWriter(new PrintStream(stuck, false, StandardCharsets.UTF_8), "test-stuck");
        try {
            writer.accept("taken by the writer, which then waits in the stream");
            assertThat(writing.await(1, TimeUnit.MINUTES)).isTrue();
            writer.accept("still queued");
            Thread closing = new Thread(() -> {
                try {
                    writer.close();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            closing.start();
            closing.join(TimeUnit.MINUTES.toMillis(1));
            assertThat(closing.isAlive()).as("close waits on the stuck stream").isFalse();
            writer.accept("after the close"); // neither written nor waited for
        } finally {
            release.countDown();
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
