package org.citybrain.govern.cases;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One entry of a case's record, never changed once written: who did what, when, from which status
 * to which, with an optional note and attachments by reference (URIs of photos, documents).
 *
 * @param version the case's version after this transition (1 for the report itself)
 * @param target  the department dispatched to, or the supervisor escalated to, if the action has one
 */
public record Transition(String caseId, long version, Action action, Optional<CaseStatus> from, CaseStatus to,
        String actor, Instant at, Optional<String> target, Optional<String> note, List<URI> attachments) {

    public Transition {
        Objects.requireNonNull(caseId, "caseId");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(note, "note");
        attachments = List.copyOf(attachments);
    }
}
