package dataapi.tpch;

import io.trino.tpch.Distributions;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static java.nio.charset.StandardCharsets.US_ASCII;

/**
 * dbgen's text pool, the 300 MB of generated sentences that ORDERS' comments are cut from: the
 * same bytes as trino-tpch's {@code TextPool} (the same grammar, word weights and random
 * stream), built in about half the time, and copied from as bytes.
 *
 * <p>Building it is one random stream, so it cannot be split; its time goes to the sentences and
 * to the memory, where the first write to each page of 300 MB faults the page in. Here another
 * thread allocates the pool's chunks, so the pages fault in on the second core while this one
 * writes sentences. The chunks live outside the Java heap: there each 16 MB chunk was a humongous
 * object that grew the heap and started a concurrent GC cycle, one after another while the pool grew.
 */
final class DbgenTextPool {
    /** dbgen's pool size, and trino-tpch's. */
    static final int SIZE = 300 * 1024 * 1024;
    private static final int CHUNK_BITS = 24;
    private static final int CHUNK = 1 << CHUNK_BITS;

    private final ByteBuffer[] chunks;
    private final int size;

    private DbgenTextPool(ByteBuffer[] chunks, int size) {
        this.chunks = chunks;
        this.size = size;
    }

    /** Builds the pool of {@code size} bytes; the generators use {@link #SIZE}. */
    static DbgenTextPool build(int size, Distributions distributions) throws InterruptedException {
        ByteBuffer[] chunks = new ByteBuffer[(size + CHUNK - 1) / CHUNK];
        ExecutorService allocator = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "tpch-text-pool-pages");
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<Future<ByteBuffer>> allocated = new ArrayList<>(chunks.length);
            for (int i = 0; i < chunks.length; i++) {
                allocated.add(allocator.submit(() -> ByteBuffer.allocateDirect(CHUNK)));
            }
            Sentences sentences = new Sentences(distributions);
            int written = 0;
            while (written < size) {
                byte[] sentence = sentences.next();
                for (int from = 0; from < sentences.length() && written < size; ) {
                    int chunk = written >>> CHUNK_BITS;
                    if (chunks[chunk] == null) {
                        chunks[chunk] = take(allocated.get(chunk));
                    }
                    int count = Math.min(Math.min(sentences.length() - from, CHUNK - (written & (CHUNK - 1))), size - written);
                    chunks[chunk].put(written & (CHUNK - 1), sentence, from, count);
                    from += count;
                    written += count;
                }
            }
            return new DbgenTextPool(chunks, size);
        } finally {
            allocator.shutdownNow();
        }
    }

    private static ByteBuffer take(Future<ByteBuffer> chunk) throws InterruptedException {
        try {
            return chunk.get();
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

    /** Appends the pool's bytes in {@code [begin, end)} to {@code line}. */
    void appendText(LineBuffer line, int begin, int end) {
        if (begin < 0 || begin > end || end > size) {
            throw new IndexOutOfBoundsException("text [" + begin + ", " + end + ") is outside the pool of " + size + " bytes");
        }
        for (int at = begin; at < end; ) {
            int count = Math.min(end - at, CHUNK - (at & (CHUNK - 1)));
            line.append(chunks[at >>> CHUNK_BITS], at & (CHUNK - 1), count);
            at += count;
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

        Sentences(Distributions distributions) {
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
