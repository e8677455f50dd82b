package org.citybrain.govern.cases;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.citybrain.govern.cases.CaseStore.Entry;

/**
 * The durable record of cases in embedded mode: one append-only file of JSON lines, each the case
 * as it stands after one transition together with that transition ({@link Entry}). A line is
 * written and forced to disk before the change is visible or acknowledged, so whatever a caller
 * was told survives {@code kill -9} and power loss. Lines are never rewritten; on opening, a last line cut short by
 * a crash (no newline, or not JSON) is cut off, as it was never acknowledged.
 */
final class CaseLog implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final System.Logger LOG = System.getLogger(CaseLog.class.getName());

    private final Path file;
    private final FileChannel channel;

    private CaseLog(Path file, FileChannel channel) {
        this.file = file;
        this.channel = channel;
    }

    /** Opens (creating it if missing) the log and hands every entry in it to {@code replay}, oldest first. */
    static CaseLog open(Path file, java.util.function.Consumer<Entry> replay) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            byte[] all = Files.readAllBytes(file);
            int good = 0;
            int lineNo = 0;
            List<Entry> entries = new ArrayList<>();
            for (int start = 0; start < all.length;) {
                int nl = indexOf(all, (byte) '\n', start);
                lineNo++;
                if (nl < 0) {
                    break; // a torn last line
                }
                String line = new String(all, start, nl - start, StandardCharsets.UTF_8);
                try {
                    JsonNode n = JSON.readTree(line);
                    entries.add(new Entry(CaseJson.readCase(n.get("case")), CaseJson.readTransition(n.get("transition"))));
                } catch (IOException | RuntimeException e) {
                    if (indexOf(all, (byte) '\n', nl + 1) >= 0) {
                        ch.close();
                        throw new CaseException(CaseException.Kind.STORAGE, file + ":" + lineNo + ": not a case log line ("
                                + e.getMessage() + "); lines after it exist, so this is damage, not a torn write: "
                                + "refusing to start");
                    }
                    break;
                }
                good = nl + 1;
                start = nl + 1;
            }
            if (good < all.length) {
                LOG.log(System.Logger.Level.WARNING, "{0}: cutting off {1} bytes of a last line cut short (never acknowledged)",
                        file, all.length - good);
                ch.truncate(good);
                ch.force(true);
            }
            ch.position(good);
            entries.forEach(replay);
            return new CaseLog(file, ch);
        } catch (IOException e) {
            throw new CaseException(CaseException.Kind.STORAGE, file + ": cannot open the case log: " + e.getMessage(), e);
        }
    }

    private static int indexOf(byte[] a, byte b, int from) {
        for (int i = from; i < a.length; i++) {
            if (a[i] == b) {
                return i;
            }
        }
        return -1;
    }

    /** Appends entries and forces them to disk; returns only once they are durable. */
    void append(List<Entry> entries) {
        StringBuilder text = new StringBuilder();
        for (Entry e : entries) {
            ObjectNode line = JSON.createObjectNode();
            line.set("case", CaseJson.write(e.after()));
            line.set("transition", CaseJson.write(e.transition()));
            text.append(line).append('\n');
        }
        ByteBuffer bytes = ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.UTF_8));
        long before = -1;
        try {
            before = channel.position();
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
            channel.force(false);
        } catch (IOException e) {
            try {
                if (before >= 0) {
                    channel.truncate(before);
                    channel.position(before);
                }
            } catch (IOException ignored) {
                // the next open cuts the torn line off
            }
            throw new CaseException(CaseException.Kind.STORAGE, file + ": cannot write the case log: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "closing " + file, e);
        }
    }
}
