package org.citybrain.hub.query;

/**
 * A string that a regular expression may read only so many characters of, so that a
 * backtracking pattern ({@code (a+)+b}) cannot hang a query: past the budget, reading throws
 * {@link Exhausted} and the match counts as failed. Not thread-safe: one per match.
 */
final class BoundedText implements CharSequence {
    /** Reads per match besides {@link #READS_PER_CHAR} per character; about a millisecond of matching. */
    static final int BUDGET = 200_000;
    /** Lets a linear scan of a long value finish, whatever its length. */
    static final int READS_PER_CHAR = 8;

    /** Thrown when the budget is spent; shared and without stack trace, it costs nothing to throw. */
    static final class Exhausted extends RuntimeException {
        private static final long serialVersionUID = 1L;
        static final Exhausted INSTANCE = new Exhausted();

        private Exhausted() {
            super("regular expression budget exhausted", null, false, false);
        }
    }

    private final String text;

    /** The reads allowed to match against {@code text}. */
    static int budgetFor(String text) {
        return (int) Math.min(Integer.MAX_VALUE, BUDGET + (long) READS_PER_CHAR * text.length());
    }

    private int left;

    BoundedText(String text, int budget) {
        this.text = text;
        this.left = budget;
    }

    @Override
    public char charAt(int index) {
        if (--left < 0) {
            throw Exhausted.INSTANCE;
        }
        return text.charAt(index);
    }

    @Override
    public int length() {
        return text.length();
    }

    @Override
    public CharSequence subSequence(int start, int end) {
        return text.subSequence(start, end);
    }

    @Override
    public String toString() {
        return text;
    }
}
