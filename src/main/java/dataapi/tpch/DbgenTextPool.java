package dataapi.tpch;

import io.trino.tpch.Distribution;
import io.trino.tpch.Distributions;
import io.trino.tpch.TextPool;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static java.nio.charset.StandardCharsets.US_ASCII;

/**
 * dbgen's text pool, the 300 MB of generated sentences that ORDERS' comments are cut from: the
 * same bytes as trino-tpch's {@link TextPool} (the same grammar, word weights and random
 * stream), built in about half the time.
 *
 * <p>Building it is one random stream, so it cannot be split; its time goes to the sentences and
 * to the memory, where the first write to each page of 300 MB faults the page in. Here another
 * thread allocates the pool's chunks, so the pages fault in on the second core while this one
 * writes sentences, and the stream's modulus (the Mersenne prime 2^31 - 1) is a shift and an add
 * in place of a division.
 *
 * <p>{@link TextPool} takes no bytes from outside, so this subclass has it build the smallest
 * pool and answers {@link #size()} and {@link #getText(int, int)}, all that the generators read,
 * from its own chunks.
 */
final class DbgenTextPool extends TextPool {
    /** dbgen's pool size, and trino-tpch's. */
    static final int SIZE = 300 * 1024 * 1024;
    private static final int CHUNK_BITS = 24;
    private static final int CHUNK = 1 << CHUNK_BITS;

    private final byte[][] chunks;
    private final int size;

    private DbgenTextPool(byte[][] chunks, int size, Distributions distributions) {
        super(1, distributions);
        this.chunks = chunks;
        this.size = size;
    }

    /** Builds the pool of {@code size} bytes; the generators use {@link #SIZE}. */
    static DbgenTextPool build(int size, Distributions distributions) throws InterruptedException {
        byte[][] chunks = new byte[(size + CHUNK - 1) / CHUNK][];
        ExecutorService allocator = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "tpch-text-pool-pages");
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<Future<byte[]>> allocated = new ArrayList<>(chunks.length);
            for (int i = 0; i < chunks.length; i++) {
                allocated.add(allocator.submit(() -> new byte[CHUNK]));
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
                    System.arraycopy(sentence, from, chunks[chunk], written & (CHUNK - 1), count);
                    from += count;
                    written += count;
                }
            }
            return new DbgenTextPool(chunks, size, distributions);
        } finally {
            allocator.shutdownNow();
        }
    }

    private static byte[] take(Future<byte[]> chunk) throws InterruptedException {
        try {
            return chunk.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public String getText(int begin, int end) {
        if (begin < 0 || begin > end || end > size) {
            throw new IndexOutOfBoundsException("text [" + begin + ", " + end + ") is outside the pool of " + size + " bytes");
        }
        int offset = begin & (CHUNK - 1);
        int length = end - begin;
        if (offset + length <= CHUNK) {
            return new String(chunks[begin >>> CHUNK_BITS], offset, length, US_ASCII);
        }
        byte[] text = new byte[length];
        for (int copied = 0; copied < length; ) {
            int at = begin + copied;
            int count = Math.min(length - copied, CHUNK - (at & (CHUNK - 1)));
            System.arraycopy(chunks[at >>> CHUNK_BITS], at & (CHUNK - 1), text, copied, count);
            copied += count;
        }
        return new String(text, US_ASCII);
    }

    /**
     * dbgen's sentence grammar over its word lists: each sentence is written into a scratch
     * buffer, since dbgen's grammar starts every sentence and noun phrase with a word, so that
     * erasing a trailing space never reaches into the sentence before.
     */
    private static final class Sentences {
        private static final long MODULUS = Integer.MAX_VALUE;
        private static final long MULTIPLIER = 16807;
        private static final long SEED = 933588178;
        private static final byte[] THE = " the ".getBytes(US_ASCII);

        private final Words grammars;
        private final Words verbPhrases;
        private final Words nounPhrases;
        private final Words prepositions;
        private final Words terminators;
        private final Words adverbs;
        private final Words verbs;
        private final Words auxiliaries;
        private final Words articles;
        private final Words adjectives;
        private final Words nouns;
        private final byte[] sentence = new byte[1024];
        private int length;
        private long seed = SEED;

        Sentences(Distributions distributions) {
            grammars = new Words(distributions.getGrammars());
            verbPhrases = new Words(distributions.getVerbPhrase());
            nounPhrases = new Words(distributions.getNounPhrase());
            prepositions = new Words(distributions.getPrepositions());
            terminators = new Words(distributions.getTerminators());
            adverbs = new Words(distributions.getAdverbs());
            verbs = new Words(distributions.getVerbs());
            auxiliaries = new Words(distributions.getAuxiliaries());
            articles = new Words(distributions.getArticles());
            adjectives = new Words(distributions.getAdjectives());
            nouns = new Words(distributions.getNouns());
            grammars.requireEachStartsWith("NV");
            nounPhrases.requireEachStartsWith("AJDN");
        }

        /** The next sentence, in the first {@link #length()} bytes of the returned buffer. */
        byte[] next() {
            length = 0;
            byte[] syntax = pick(grammars);
            for (int i = 0; i < syntax.length; i += 2) {
                switch (syntax[i]) {
                    case 'V' -> verbPhrase();
                    case 'N' -> nounPhrase();
                    case 'P' -> {
                        append(pick(prepositions));
                        append(THE);
                        nounPhrase();
                    }
                    case 'T' -> {
                        // A terminator abuts the word before it.
                        length--;
                        append(pick(terminators));
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
            byte[] syntax = pick(verbPhrases);
            for (int i = 0; i < syntax.length; i += 2) {
                Words source = switch (syntax[i]) {
                    case 'D' -> adverbs;
                    case 'V' -> verbs;
                    case 'X' -> auxiliaries;
                    default -> throw new IllegalStateException("unknown verb phrase token '" + (char) syntax[i] + "'");
                };
                append(pick(source));
                sentence[length++] = ' ';
            }
        }

        private void nounPhrase() {
            for (byte token : pick(nounPhrases)) {
                Words source;
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
                append(pick(source));
                sentence[length++] = ' ';
            }
        }

        private void append(byte[] word) {
            System.arraycopy(word, 0, sentence, length, word.length);
            length += word.length;
        }

        /** dbgen's draw: the next value of the Lehmer stream, scaled to the weights exactly as dbgen scales it. */
        private byte[] pick(Words words) {
            long product = seed * MULTIPLIER;
            long next = (product & MODULUS) + (product >>> 31);
            seed = next >= MODULUS ? next - MODULUS : next;
            return words.byDraw[(int) ((1.0 * seed / MODULUS) * words.totalWeight)];
        }
    }

    /** A word list by draw: each word as often as its weight, so a draw picks its word directly. */
    private static final class Words {
        private final String name;
        private final byte[][] byDraw;
        private final double totalWeight;

        Words(Distribution distribution) {
            name = distribution.toString();
            int total = distribution.getWeight(distribution.size() - 1);
            byDraw = new byte[total][];
            int draw = 0;
            for (int value = 0; value < distribution.size(); value++) {
                byte[] word = distribution.getValue(value).getBytes(US_ASCII);
                while (draw < distribution.getWeight(value)) {
                    byDraw[draw++] = word;
                }
            }
            totalWeight = total;
        }

        void requireEachStartsWith(String tokens) {
            for (byte[] syntax : byDraw) {
                if (tokens.indexOf(syntax[0]) < 0) {
                    throw new IllegalStateException(name + " has a syntax that does not start with one of " + tokens);
                }
            }
        }
    }
}
