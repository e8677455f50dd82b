package org.citybrain.govern.rules;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.zip.CRC32;
import org.citybrain.hub.store.AtomicFiles;

/**
 * The rule state in a directory: {@code rule-state.bin}, the checkpoint, replaced atomically
 * (written beside, fsynced, renamed), and {@code rule-events.log}, the journal, one line
 * {@code <seq> <key>} per delivered event, fsynced before {@link #delivered} returns. A line torn
 * by a crash (no newline) is ignored; a checkpoint whose checksum does not match is an error, never
 * silently empty state.
 */
public final class FileRuleStateStore implements RuleStateStore {
    private static final int MAGIC = 0x43425243; // "CBRC"
    private final Path checkpointFile;
    private final Path journalFile;
    private FileChannel journal;

    public FileRuleStateStore(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(dir + ": cannot create the rule state directory: " + e.getMessage(), e);
        }
        this.checkpointFile = dir.resolve("rule-state.bin");
        this.journalFile = dir.resolve("rule-events.log");
    }

    @Override
    public synchronized Optional<Checkpoint> load() {
        if (!Files.exists(checkpointFile)) {
            return Optional.empty();
        }
        try (DataInputStream in = new DataInputStream(Files.newInputStream(checkpointFile))) {
            if (in.readInt() != MAGIC) {
                throw new RuleException(checkpointFile + ": not a rule state checkpoint");
            }
            long seq = in.readLong();
            Instant savedAt = Instant.ofEpochMilli(in.readLong());
            long crc = in.readLong();
            int length = in.readInt();
            byte[] state = in.readNBytes(length);
            CRC32 check = new CRC32();
            check.update(state);
            if (state.length != length || check.getValue() != crc) {
                throw new RuleException(checkpointFile + ": the checkpoint is damaged (checksum); move it away to start "
                        + "the rules afresh");
            }
            return Optional.of(new Checkpoint(seq, savedAt, state));
        } catch (IOException e) {
            throw new RuleException(checkpointFile + ": cannot read the rule state: " + e.getMessage());
        }
    }

    @Override
    public synchronized List<Delivered> deliveredSinceCheckpoint() {
        long after = load().map(Checkpoint::seq).orElse(Long.MIN_VALUE);
        List<Delivered> out = new ArrayList<>();
        if (!Files.exists(journalFile)) {
            return out;
        }
        try {
            String text = Files.readString(journalFile, StandardCharsets.UTF_8);
            int start = 0;
            for (int end = text.indexOf('\n'); end >= 0; start = end + 1, end = text.indexOf('\n', start)) {
                String line = text.substring(start, end);
                int space = line.indexOf(' ');
                if (space > 0) {
                    long seq = Long.parseLong(line.substring(0, space));
                    if (seq > after) {
                        out.add(new Delivered(seq, line.substring(space + 1)));
                    }
                }
            }
        } catch (IOException | NumberFormatException e) {
            throw new RuleException(journalFile + ": cannot read the alert journal: " + e.getMessage());
        }
        return out;
    }

    @Override
    public synchronized void save(Checkpoint checkpoint) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(checkpoint.state().length + 32);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            CRC32 crc = new CRC32();
            crc.update(checkpoint.state());
            out.writeInt(MAGIC);
            out.writeLong(checkpoint.seq());
            out.writeLong(checkpoint.savedAt().toEpochMilli());
            out.writeLong(crc.getValue());
            out.writeInt(checkpoint.state().length);
            out.write(checkpoint.state());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        AtomicFiles.replace(checkpointFile, bytes.toByteArray());
        // the journal keeps only what the checkpoint does not cover
        StringBuilder keep = new StringBuilder();
        for (Delivered d : deliveredSinceCheckpoint()) {
            keep.append(d.seq()).append(' ').append(d.key()).append('\n');
        }
        closeJournal();
        AtomicFiles.replace(journalFile, keep.toString().getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public synchronized void delivered(Delivered event) {
        if (event.key().indexOf('\n') >= 0) {
            throw new IllegalArgumentException("an event key cannot hold a line break: " + event.key());
        }
        try {
            if (journal == null) {
                journal = FileChannel.open(journalFile, StandardOpenOption.CREATE, StandardOpenOption.READ,
                        StandardOpenOption.WRITE);
                journal.position(journal.size());
                endTornLine();
            }
            ByteBuffer line = ByteBuffer.wrap((event.seq() + " " + event.key() + "\n").getBytes(StandardCharsets.UTF_8));
            while (line.hasRemaining()) {
                journal.write(line);
            }
            journal.force(false);
        } catch (IOException e) {
            throw new UncheckedIOException(journalFile + ": cannot append to the alert journal: " + e.getMessage(), e);
        }
    }

    /** A line a crash left without its newline gets one, so that the next line stands alone. */
    private void endTornLine() throws IOException {
        long size = journal.size();
        if (size > 0) {
            ByteBuffer last = ByteBuffer.allocate(1);
            journal.read(last, size - 1);
            if (last.get(0) != '\n') {
                journal.write(ByteBuffer.wrap(new byte[] {'\n'}));
            }
        }
    }

    @Override
    public synchronized void close() {
        closeJournal();
    }

    private void closeJournal() {
        if (journal != null) {
            try {
                journal.close();
            } catch (IOException e) {
                // nothing was pending: every append was forced
            }
            journal = null;
        }
    }
}
