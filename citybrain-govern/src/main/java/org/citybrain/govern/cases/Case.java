package org.citybrain.govern.cases;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A case as it stands: the report, where it is routed, its deadline and where it is in its
 * lifecycle. Changes only through {@link Cases}, each change a {@link Transition} that raises
 * {@code version} by one.
 *
 * @param id          {@code C-} and a number, unique for the data directory
 * @param externalRef the alert id, the imported key, ... or empty
 * @param category    a category code of the configuration (or, imported, the source's own)
 * @param location    where, or empty
 * @param department  the department routed or dispatched to, or empty if no route matched
 * @param deadline    when it must be closed, from the category's deadline and the calendar
 * @param escalatedTo the supervisor it was escalated to when its deadline passed
 */
public record Case(String id, CaseSource source, Optional<String> externalRef, String category, String description,
        Optional<GeoPoint> location, Optional<String> address, Optional<String> department, CaseStatus status,
        String reporter, Instant reportedAt, Optional<Instant> deadline, long version, Instant updatedAt,
        Optional<Instant> closedAt, Optional<String> escalatedTo, Optional<String> statusNote) {

    public Case {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(externalRef, "externalRef");
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(department, "department");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(reporter, "reporter");
        Objects.requireNonNull(reportedAt, "reportedAt");
        Objects.requireNonNull(deadline, "deadline");
        Objects.requireNonNull(updatedAt, "updatedAt");
        Objects.requireNonNull(closedAt, "closedAt");
        Objects.requireNonNull(escalatedTo, "escalatedTo");
        Objects.requireNonNull(statusNote, "statusNote");
    }

    /** The number in the id ({@code C-<number>}), the order of cases reported at one instant; -1 for another form. */
    public long number() {
        try {
            return id.startsWith("C-") ? Long.parseLong(id.substring(2)) : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Whether the deadline has passed at {@code now} with the case still open. */
    public boolean overdue(Instant now) {
        return !status.terminal() && deadline.isPresent() && deadline.get().isBefore(now);
    }

    Case moved(CaseStatus to, long newVersion, Instant at, Optional<String> newDepartment, Optional<String> note,
            Optional<String> escalation) {
        return new Case(id, source, externalRef, category, description, location, address,
                newDepartment.isPresent() ? newDepartment : department, to, reporter, reportedAt, deadline, newVersion, at,
                to == CaseStatus.CLOSED ? Optional.of(at) : closedAt, escalation.isPresent() ? escalation : escalatedTo,
                note.isPresent() ? note : statusNote);
    }
}
