package org.citybrain.govern.cases;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Imports NYC 311 service requests (the NYC Open Data export, 41 columns) as historical cases:
 * department = {@code Agency}, category = {@code Complaint Type}, description = {@code Descriptor},
 * reported = {@code Created Date}, deadline = {@code Due Date}, all in New York time.
 *
 * <p>Closure: a row with a {@code Closed Date} at or after its {@code Created Date} is a case closed
 * then, whatever its {@code Status} column says (the export's status lags: some "Pending" rows carry
 * a real closing date). A {@code Closed Date} before the {@code Created Date} is not believed: the
 * case stays open with its status, and the row is counted in {@link Result#closedBeforeCreated}.
 */
public final class Nyc311Import {
    static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    private static final DateTimeFormatter DATES = DateTimeFormatter.ofPattern("MM/dd/yyyy hh:mm:ss a", Locale.ROOT);

    /** What the import did. */
    public record Result(int rows, int imported, int closed, int closedBeforeCreated, List<String> skipped) {
    }

    private Nyc311Import() {
    }

    /**
     * Imports every row of {@code csv} into {@code cases}.
     *
     * @throws IllegalArgumentException naming file, line and column for a row that cannot be read
     */
    public static Result load(Path csv, Cases cases) {
        List<String> lines;
        try {
            lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(csv + ": cannot read: " + e.getMessage(), e);
        }
        if (lines.isEmpty()) {
            throw new IllegalArgumentException(csv + ": empty");
        }
        List<String> header = split(lines.get(0));
        Map<String, Integer> col = new HashMap<>();
        for (int i = 0; i < header.size(); i++) {
            col.put(header.get(i), i);
        }
        for (String needed : List.of("Unique Key", "Created Date", "Closed Date", "Agency", "Complaint Type", "Descriptor",
                "Status", "Due Date", "Latitude", "Longitude", "Incident Address")) {
            if (!col.containsKey(needed)) {
                throw new IllegalArgumentException(csv + ":1: no column '" + needed + "'");
            }
        }
        int imported = 0;
        int closed = 0;
        int before = 0;
        List<String> skipped = new ArrayList<>();
        for (int n = 1; n < lines.size(); n++) {
            if (lines.get(n).isBlank()) {
                continue;
            }
            List<String> f = split(lines.get(n));
            String where = csv.getFileName() + ":" + (n + 1);
            if (f.size() != header.size()) {
                skipped.add(where + ": " + f.size() + " fields, the header has " + header.size());
                continue;
            }
            Instant created = date(f.get(col.get("Created Date")), where, "Created Date").orElse(null);
            if (created == null) {
                skipped.add(where + ": no Created Date");
                continue;
            }
            Optional<Instant> closedAt = date(f.get(col.get("Closed Date")), where, "Closed Date");
            if (closedAt.isPresent() && closedAt.get().isBefore(created)) {
                before++;
                closedAt = Optional.empty();
            }
            Optional<Instant> due = date(f.get(col.get("Due Date")), where, "Due Date");
            CaseStatus status = closedAt.isPresent() ? CaseStatus.CLOSED : status(f.get(col.get("Status")));
            Optional<GeoPoint> location = Optional.empty();
            String lat = f.get(col.get("Latitude"));
            String lon = f.get(col.get("Longitude"));
            if (!lat.isEmpty() && !lon.isEmpty()) {
                location = Optional.of(new GeoPoint(Double.parseDouble(lat), Double.parseDouble(lon)));
            }
            String address = f.get(col.get("Incident Address"));
            String agency = f.get(col.get("Agency"));
            Case c = new Case("import", CaseSource.IMPORT, Optional.of("nyc311:" + f.get(col.get("Unique Key"))),
                    f.get(col.get("Complaint Type")), f.get(col.get("Descriptor")), location,
                    address.isEmpty() ? Optional.empty() : Optional.of(address),
                    agency.isEmpty() ? Optional.empty() : Optional.of(agency), status, "nyc311", created, due, 1,
                    closedAt.orElse(created), closedAt, Optional.empty(), Optional.empty());
            cases.importCase(c, "import:nyc311");
            imported++;
            if (closedAt.isPresent()) {
                closed++;
            }
        }
        return new Result(lines.size() - 1, imported, closed, before, skipped);
    }

    private static CaseStatus status(String s) {
        return switch (s) {
            case "Assigned" -> CaseStatus.DISPATCHED;
            case "In Progress", "Pending", "Email Sent" -> CaseStatus.IN_PROGRESS;
            case "Closed" -> CaseStatus.HANDLED; // closed without a believable date
            default -> CaseStatus.REGISTERED;
        };
    }

    private static Optional<Instant> date(String text, String where, String column) {
        if (text.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(LocalDateTime.parse(text, DATES).atZone(NEW_YORK).toInstant());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(where + ": " + column + ": '" + text + "' is not MM/dd/yyyy hh:mm:ss AM");
        }
    }

    /** One CSV line, RFC 4180 quoting (a quoted field may hold commas and doubled quotes). */
    static List<String> split(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (quoted) {
                if (ch == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (ch == '"') {
                    quoted = false;
                } else {
                    field.append(ch);
                }
            } else if (ch == '"') {
                quoted = true;
            } else if (ch == ',') {
                out.add(field.toString());
                field.setLength(0);
            } else {
                field.append(ch);
            }
        }
        out.add(field.toString());
        return out;
    }
}
