package dataapi.tpch;

import io.trino.tpch.Distributions;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static java.nio.charset.StandardCharsets.US_ASCII;

/**
 * dbgen's text pool, the 300 MB of generated sentences that ORDERS' comments are cut from: the
 * same bytes as trino-tpch's {@code TextPool} (the same grammar, word weights and random
 * stream), built on every core, and copied from as bytes.
 *
 * <p>The pool is one random stream, and a sentence takes a varying number of draws, so where the
 * second half's sentences begin is known only once the first half is written. Each worker but
 * the first starts at a guessed draw instead and notes where its first sentences began. A
 * sentence is written from the stream's state at its start alone, so once the worker before it
 * begins a sentence at one of those draws, the two write the same sentences from there on: that
 * worker stops, and the next one's text is used from that sentence. Two sentence sequences
 * through the same stream meet within a few sentences, as in Kruskal's count; should they not
 * meet within {@link #MEETING_WINDOW} sentences, the worker before carries on to the end
 * itself, so the bytes never depend on where the guesses fell.
 *
 * <p>The text lives outside the Java heap in 4 MB chunks: on the heap each chunk would be a
 * humongous object that grows the heap and starts a concurrent GC cycle, one after another.
 */
final class DbgenTextPool {
    /** dbgen's pool size, and trino-tpch's. */
    static final int SIZE = 300 * 1024 * 1024;
    /** Sentence starts a worker offers the worker before it to meet at. */
    static final int MEETING_WINDOW = 10_000;
    /** Bytes of text a draw gives on average, measured over the whole pool: where each worker's part is guessed to start. */
    private static final double BYTES_PER_DRAW = 4.92;
    /** The most threads that build it: each may leave up to a chunk unused, for a part already short at eight. */
    static final int MAX_THREADS = 8;
    private static final int CHUNK_BITS = 22;
    private static final int CHUNK = 1 << CHUNK_BITS;

    /** The pool's parts in order, each from one worker's text. */
    private final Part[] parts;
    private final int size;

    private DbgenTextPool(Part[] parts, int size) {
        this.parts = parts;
        this.size = size;
    }

    /** Builds the pool of {@code size} bytes on {@code threads} threads, at most {@link #MAX_THREADS}; the generators use {@link #SIZE}. */
    static DbgenTextPool build(int size, Distributions distributions, int threads) throws InterruptedException {
        return build(size, distributions, threads, MEETING_WINDOW);
    }

    /** As {@link #build(int, Distributions, int)}, each worker offering {@code meetingWindow} sentence starts. */
    static DbgenTextPool build(int size, Distributions distributions, int threads, int meetingWindow) throws InterruptedException {
        Worker[] workers = new Worker[Math.min(threads, MAX_THREADS)];
        long draws = (long) (size / BYTES_PER_DRAW);
        for (int i = workers.length - 1; i >= 0; i--) {
            Worker next = i + 1 < workers.length ? workers[i + 1] : null;
            workers[i] = new Worker(size, distributions, draws * i / workers.length, next, meetingWindow);
        }
        ExecutorService executor = Executors.newFixedThreadPool(workers.length, runnable -> {
            Thread thread = new Thread(runnable, "tpch-text-pool");
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<Future<?>> running = new ArrayList<>();
            for (Worker worker : workers) {
                running.add(executor.submit(worker));
            }
            List<Part> parts = new ArrayList<>();
            int written = 0;
            int first = 0;
            for (int i = 0; written < size; i++) {
                Worker worker = workers[i];
                int end = take(worker.meeting);
                if (end < 0) {
                    // Met no next worker: this one writes the rest of the pool, and those after it are not needed.
                    end = first + size - written;
                    worker.target.complete(end);
                    for (int j = i + 1; j < workers.length; j++) {
                        workers[j].target.complete(0);
                    }
                    take(running.get(i));
                }
                int length = Math.min(end - first, size - written);
                parts.add(new Part(worker.chunks(), first, length));
                written += length;
                first = worker.nextFirst;
            }
            for (Worker worker : workers) {
                worker.target.complete(0);
            }
            for (Future<?> worker : running) {
                take(worker);
            }
            return new DbgenTextPool(parts.toArray(Part[]::new), size);
        } finally {
            executor.shutdownNow();
        }
    }

    private static <T> T take(Future<T> result) throws InterruptedException {
        try {
            return result.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    int size() {
        return size;
    }

    /** How many workers' texts the pool is made of. */
    int parts() {
        return parts.length;
    }

    /** Appends the pool's bytes in {@code [begin, end)} to {@code line}. */
    void appendText(LineBuffer line, int begin, int end) {
        if (begin < 0 || begin > end || end > size) {
            throw new IndexOutOfBoundsException("text [" + begin + ", " + end + ") is outside the pool of " + size + " bytes");
        }
        int partStart = 0;
        for (Part part : parts) {
            int partEnd = partStart + part.length;
            if (begin < partEnd && end > partStart) {
                int from = Math.max(begin, partStart);
                part.appendText(line, from - partStart, Math.min(end, partEnd) - from);
            }
            partStart = partEnd;
        }
    }

    /** {@code length} bytes of a worker's text from its byte {@code first} on. */
    private record Part(ByteBuffer[] chunks, int first, int length) {
        void appendText(LineBuffer line, int offset, int count) {
            for (int at = first + offset, end = at + count; at < end; ) {
                int n = Math.min(end - at, CHUNK - (at & (CHUNK - 1)));
                line.append(chunks[at >>> CHUNK_BITS], at & (CHUNK - 1), n);
                at += n;
            }
        }
    }

    /**
     * Writes sentences from a draw of the stream on, and notes where its first ones begin (before
     * the next worker's first draw, so that parts follow each other), until it meets the next
     * worker's sentences or has written the length it is given.
     */
    private static final class Worker implements Callable<Void> {
        private final int size;
        private final Sentences sentences;
        private final long firstDraw;
        private final Worker next;
        private final long[] startDraws;
        private final int[] startBytes;
        private List<ByteBuffer> chunks = new ArrayList<>();
        private int startsNoted;
        /** {@link #startsNoted}, once this worker notes no more. */
        private final CompletableFuture<Integer> noted = new CompletableFuture<>();
        /** The byte at which this worker began a sentence of the next one's, or -1 when it met none. */
        final CompletableFuture<Integer> meeting = new CompletableFuture<>();
        /** The length to write when it met none (0 when this worker is not needed). */
        final CompletableFuture<Integer> target = new CompletableFuture<>();
        /** The next worker's byte at the sentence where the two met. */
        int nextFirst;
        private int written;

        Worker(int size, Distributions distributions, long firstDraw, Worker next, int meetingWindow) {
            this.size = size;
            this.sentences = new Sentences(distributions, firstDraw);
            this.firstDraw = firstDraw;
            this.next = next;
            this.startDraws = new long[meetingWindow];
            this.startBytes = new int[meetingWindow];
            if (next == null) {
                meeting.complete(-1);
            }
        }

        @Override
        public Void call() throws InterruptedException, ExecutionException {
            try {
                write();
                return null;
            } finally {
                noted.complete(startsNoted);
                meeting.complete(-1);
            }
        }

        private void write() throws InterruptedException, ExecutionException {
            boolean meets = next != null;
            int nextStarts = -1;
            int nextStart = 0;
            while (true) {
                long draw = sentences.drawn();
                if (!noted.isDone()) {
                    if (startsNoted < startDraws.length && (next == null || draw < next.firstDraw)) {
                        startDraws[startsNoted] = draw;
                        startBytes[startsNoted++] = written;
                    } else {
                        noted.complete(startsNoted);
                    }
                }
                if (meets && draw >= next.firstDraw) {
                    if (nextStarts < 0) {
                        nextStarts = next.noted.get();
                    }
                    while (nextStart < nextStarts && next.startDraws[nextStart] < draw) {
                        nextStart++;
                    }
                    if (nextStart == nextStarts) {
                        meets = false;
                        meeting.complete(-1);
                    } else if (next.startDraws[nextStart] == draw) {
                        nextFirst = next.startBytes[nextStart];
                        meeting.complete(written);
                        return;
                    }
                }
                Integer length = target.getNow(null);
                if (length == null && written >= size) {
                    // No part is longer than the pool: wait to be told how much of this one is needed,
                    // offering the worker before the starts noted so far, and meeting no more.
                    noted.complete(startsNoted);
                    meets = false;
                    meeting.complete(-1);
                    length = target.get();
                }
                if (length != null && written >= length) {
                    if (length == 0) {
                        chunks = List.of();
                    }
                    return;
                }
                write(sentences.next(), sentences.length());
            }
        }

        private void write(byte[] sentence, int length) {
            for (int from = 0; from < length; ) {
                int chunk = written >>> CHUNK_BITS;
                if (chunk == chunks.size()) {
                    chunks.add(ByteBuffer.allocateDirect(CHUNK));
                }
                int count = Math.min(length - from, CHUNK - (written & (CHUNK - 1)));
                chunks.get(chunk).put(written & (CHUNK - 1), sentence, from, count);
                from += count;
                written += count;
            }
        }

        ByteBuffer[] chunks() {
            return chunks.toArray(ByteBuffer[]::new);
        }
    }

    /**
     * dbgen's sentence grammar over its word lists: each sentence is written into a scratch
     * buffer, since dbgen's grammar starts every sentence and noun phrase with a word, so that
     * erasing a trailing space never reaches into the sentence before.
     */
    private static final class Sentences {
        private static final long SEED = 933588178;
        private static final byte[] THE = " the ".getBytes(US_ASCII);

        private final DbgenDistribution grammars;
        private final DbgenDistribution verbPhrases;
        private final DbgenDistribution nounPhrases;
        private final DbgenDistribution prepositions;
        private final DbgenDistribution terminators;
        private final DbgenDistribution adverbs;
        private final DbgenDistribution verbs;
        private final DbgenDistribution auxiliaries;
        private final DbgenDistribution articles;
        private final DbgenDistribution adjectives;
        private final DbgenDistribution nouns;
        private final DbgenRandom random = new DbgenRandom(SEED);
        private final byte[] sentence = new byte[1024];
        private int length;

        Sentences(Distributions distributions, long firstDraw) {
            random.skipDraws(firstDraw);
            grammars = new DbgenDistribution(distributions.getGrammars());
            verbPhrases = new DbgenDistribution(distributions.getVerbPhrase());
            nounPhrases = new DbgenDistribution(distributions.getNounPhrase());
            prepositions = new DbgenDistribution(distributions.getPrepositions());
            terminators = new DbgenDistribution(distributions.getTerminators());
            adverbs = new DbgenDistribution(distributions.getAdverbs());
            verbs = new DbgenDistribution(distributions.getVerbs());
            auxiliaries = new DbgenDistribution(distributions.getAuxiliaries());
            articles = new DbgenDistribution(distributions.getArticles());
            adjectives = new DbgenDistribution(distributions.getAdjectives());
            nouns = new DbgenDistribution(distributions.getNouns());
            grammars.requireEachStartsWith("NV");
            nounPhrases.requireEachStartsWith("AJDN");
        }

        /** The next sentence, in the first {@link #length()} bytes of the returned buffer. */
        byte[] next() {
            length = 0;
            byte[] syntax = grammars.pick(random);
            for (int i = 0; i < syntax.length; i += 2) {
                switch (syntax[i]) {
                    case 'V' -> verbPhrase();
                    case 'N' -> nounPhrase();
                    case 'P' -> {
                        append(prepositions.pick(random));
                        append(THE);
                        nounPhrase();
                    }
                    case 'T' -> {
                        // A terminator abuts the word before it.
                        length--;
                        append(terminators.pick(random));
                    }
                    default -> throw new IllegalStateException("unknown sentence token '" + (char) syntax[i] + "'");
                }
                if (sentence[length - 1] != ' ') {
                    sentence[length++] = ' ';
                }
            }
            return sentence;
        }

        int length() {
            return length;
        }

        long drawn() {
            return random.drawn();
        }

        private void verbPhrase() {
            byte[] syntax = verbPhrases.pick(random);
            for (int i = 0; i < syntax.length; i += 2) {
                DbgenDistribution source = switch (syntax[i]) {
                    case 'D' -> adverbs;
                    case 'V' -> verbs;
                    case 'X' -> auxiliaries;
                    default -> throw new IllegalStateException("unknown verb phrase token '" + (char) syntax[i] + "'");
                };
                append(source.pick(random));
                sentence[length++] = ' ';
            }
        }

        private void nounPhrase() {
            for (byte token : nounPhrases.pick(random)) {
                DbgenDistribution source;
                switch (token) {
                    case 'A' -> source = articles;
                    case 'J' -> source = adjectives;
                    case 'D' -> source = adverbs;
                    case 'N' -> source = nouns;
                    case ',' -> {
                        sentence[length - 1] = ',';
                        sentence[length++] = ' ';
                        continue;
                    }
                    case ' ' -> {
                        continue;
                    }
                    default -> throw new IllegalStateException("unknown noun phrase token '" + (char) token + "'");
                }
                append(source.pick(random));
                sentence[length++] = ' ';
            }
        }

        private void append(byte[] word) {
            System.arraycopy(word, 0, sentence, length, word.length);
            length += word.length;
        }
    }
}
