package org.citybrain.twin.format.kdd;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;

import org.citybrain.twin.TwinFormatException;

/**
 * Walks a KDD Cup text file line by line and splits the current line into whitespace-separated
 * tokens, without copying the line. A {@code //} starts a comment that runs to the end of the line
 * (the format's documentation annotates its examples that way; the competition files have none).
 *
 * <p>Token boundaries of the current line live in two reused int arrays (offsets into the file
 * text), so advancing costs no allocation; a token becomes a String only when asked for.
 */
final class TextCursor {
    private final String source;
    private final String text;
    private int next;
    private int line;
    private int[] starts = new int[16];
    private int[] ends = new int[16];
    private int count;

    private TextCursor(String source, String text) {
        this.source = source;
        this.text = text;
    }

    /**
     * @throws TwinFormatException when the file is missing, unreadable or not UTF-8 text
     */
    static TextCursor open(Path file) {
        String source = file.toString();
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new TwinFormatException(source, "", "cannot read file: it does not exist", e);
        } catch (AccessDeniedException e) {
            throw new TwinFormatException(source, "", "cannot read file: permission denied", e);
        } catch (CharacterCodingException e) {
            throw new TwinFormatException(source, "", "cannot read file: it is not UTF-8 text", e);
        } catch (IOException e) {
            throw new TwinFormatException(source, "", "cannot read file: " + e.getMessage(), e);
        }
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        return new TextCursor(source, text);
    }

    String source() {
        return source;
    }

    /** 1-based number of the current line; the last line of the file once the end is reached. */
    int line() {
        return line;
    }

    /** Moves to the next line that has tokens, skipping blank and comment-only lines. */
    boolean next() {
        while (nextLine()) {
            if (count > 0) {
                return true;
            }
        }
        return false;
    }

    /** Moves to the next line even when it is blank; for records that may legitimately be empty. */
    boolean nextLine() {
        if (next >= text.length()) {
            count = 0;
            return false;
        }
        line++;
        int end = text.indexOf('\n', next);
        if (end < 0) {
            end = text.length();
        }
        tokenize(next, end);
        next = end + 1;
        return true;
    }

    private void tokenize(int from, int to) {
        count = 0;
        int i = from;
        while (i < to) {
            char c = text.charAt(i);
            if (c == '/' && i + 1 < to && text.charAt(i + 1) == '/') {
                return;
            }
            if (Character.isWhitespace(c)) {
                i++;
                continue;
            }
            int start = i;
            while (i < to && !Character.isWhitespace(text.charAt(i))
                    && !(text.charAt(i) == '/' && i + 1 < to && text.charAt(i + 1) == '/')) {
                i++;
            }
            if (count == starts.length) {
                starts = Arrays.copyOf(starts, count * 2);
                ends = Arrays.copyOf(ends, count * 2);
            }
            starts[count] = start;
            ends[count] = i;
            count++;
        }
    }

    int tokenCount() {
        return count;
    }

    String token(int i) {
        return text.substring(starts[i], ends[i]);
    }

    /** Whether token {@code i} is exactly {@code s}, without allocating. */
    boolean tokenIs(int i, String s) {
        int len = ends[i] - starts[i];
        return len == s.length() && text.regionMatches(starts[i], s, 0, len);
    }

    /**
     * Fails unless the current line has exactly {@code expected} tokens.
     *
     * @param fields what the line should hold, e.g. {@code latitude longitude inter_id signalized}
     */
    void expectTokens(int expected, String fields) {
        if (count != expected) {
            throw error(tokenCountReason(expected, fields));
        }
    }

    /**
     * As {@link #expectTokens(int, String)} for record {@code index} (0-based) of a section whose
     * size {@code total} was announced on line {@code countLine}; the reason names both, since a
     * wrong count in the file shows up as a line of the wrong shape.
     */
    void expectTokens(int expected, String fields, String record, int index, int total, int countLine) {
        if (count != expected) {
            throw error(tokenCountReason(expected, fields) + " (" + record + " " + (index + 1) + " of the " + total
                    + " announced on line " + countLine + ")");
        }
    }

    private String tokenCountReason(int expected, String fields) {
        return "expected " + expected + (expected == 1 ? " field" : " fields") + " (" + fields + "), found " + count;
    }

    /** Token {@code i} as an integer id: an optional minus sign and decimal digits. */
    String id(int i, String what) {
        int s = starts[i];
        int e = ends[i];
        int d = text.charAt(s) == '-' ? s + 1 : s;
        if (d == e) {
            throw error(what + " '" + token(i) + "' is not an integer");
        }
        for (int k = d; k < e; k++) {
            char c = text.charAt(k);
            if (c < '0' || c > '9') {
                throw error(what + " '" + token(i) + "' is not an integer");
            }
        }
        return token(i);
    }

    /** Token {@code i} as a non-negative int that fits in 31 bits. */
    int count(int i, String what) {
        int s = starts[i];
        int e = ends[i];
        if (e - s > 9) {
            throw error(what + " '" + token(i) + "' is not a count (a whole number from 0 to 999999999)");
        }
        int v = 0;
        for (int k = s; k < e; k++) {
            char c = text.charAt(k);
            if (c < '0' || c > '9') {
                throw error(what + " '" + token(i) + "' is not a count (a whole number from 0 to 999999999)");
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    /**
     * Token {@code i} as a finite decimal number ({@code -12}, {@code 3.5}, {@code 1e-3}); rejects
     * what {@link Double#parseDouble} would also take but a data file should not hold ({@code NaN},
     * {@code Infinity}, hex, {@code 1d}).
     */
    double number(int i, String what) {
        int s = starts[i];
        int e = ends[i];
        int k = s;
        if (k < e && (text.charAt(k) == '-' || text.charAt(k) == '+')) {
            k++;
        }
        int digits = 0;
        while (k < e && isDigit(text.charAt(k))) {
            k++;
            digits++;
        }
        if (k < e && text.charAt(k) == '.') {
            k++;
            while (k < e && isDigit(text.charAt(k))) {
                k++;
                digits++;
            }
        }
        if (digits > 0 && k < e && (text.charAt(k) == 'e' || text.charAt(k) == 'E')) {
            k++;
            if (k < e && (text.charAt(k) == '-' || text.charAt(k) == '+')) {
                k++;
            }
            int exp = 0;
            while (k < e && isDigit(text.charAt(k))) {
                k++;
                exp++;
            }
            if (exp == 0) {
                digits = 0;
            }
        }
        if (digits == 0 || k != e) {
            throw error(what + " '" + token(i) + "' is not a number");
        }
        double v = Double.parseDouble(text.substring(s, e));
        if (!Double.isFinite(v)) {
            throw error(what + " '" + token(i) + "' is out of range");
        }
        return v;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    TwinFormatException error(String reason) {
        return errorAt(line, reason);
    }

    TwinFormatException errorAt(int atLine, String reason) {
        return new TwinFormatException(source, "line " + atLine, reason);
    }

    TwinFormatException errorAt(int atLine, IllegalArgumentException cause) {
        return new TwinFormatException(source, "line " + atLine, cause.getMessage(), cause);
    }
}
