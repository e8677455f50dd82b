package org.citybrain.govern.cases;

import java.util.EnumSet;
import java.util.Set;

/**
 * What a person (or the system) does to a case, and the status it moves the case from and to.
 *
 * <table>
 *   <caption>Moves</caption>
 *   <tr><th>action</th><th>from</th><th>to</th></tr>
 *   <tr><td>REGISTER</td><td>REPORTED</td><td>REGISTERED</td></tr>
 *   <tr><td>REJECT</td><td>REPORTED, REGISTERED</td><td>REJECTED (not a case: duplicate, out of scope)</td></tr>
 *   <tr><td>DISPATCH</td><td>REGISTERED, DISPATCHED</td><td>DISPATCHED (to a department; again to re-route)</td></tr>
 *   <tr><td>SEND_BACK</td><td>DISPATCHED, ACCEPTED</td><td>REGISTERED (the department says it is not theirs)</td></tr>
 *   <tr><td>ACCEPT</td><td>DISPATCHED</td><td>ACCEPTED</td></tr>
 *   <tr><td>START</td><td>ACCEPTED</td><td>IN_PROGRESS</td></tr>
 *   <tr><td>HANDLE</td><td>IN_PROGRESS</td><td>HANDLED</td></tr>
 *   <tr><td>RETURN</td><td>HANDLED, VERIFIED</td><td>IN_PROGRESS (returned for rework)</td></tr>
 *   <tr><td>VERIFY</td><td>HANDLED</td><td>VERIFIED</td></tr>
 *   <tr><td>CLOSE</td><td>VERIFIED</td><td>CLOSED</td></tr>
 *   <tr><td>ESCALATE</td><td>any open status</td><td>the same (to the department's supervisor; the system does it when the deadline passes)</td></tr>
 *   <tr><td>NOTE</td><td>any status</td><td>the same (a note or attachment on the record)</td></tr>
 * </table>
 */
public enum Action {
    REGISTER(CaseStatus.REGISTERED, CaseStatus.REPORTED),
    REJECT(CaseStatus.REJECTED, CaseStatus.REPORTED, CaseStatus.REGISTERED),
    DISPATCH(CaseStatus.DISPATCHED, CaseStatus.REGISTERED, CaseStatus.DISPATCHED),
    SEND_BACK(CaseStatus.REGISTERED, CaseStatus.DISPATCHED, CaseStatus.ACCEPTED),
    ACCEPT(CaseStatus.ACCEPTED, CaseStatus.DISPATCHED),
    START(CaseStatus.IN_PROGRESS, CaseStatus.ACCEPTED),
    HANDLE(CaseStatus.HANDLED, CaseStatus.IN_PROGRESS),
    RETURN(CaseStatus.IN_PROGRESS, CaseStatus.HANDLED, CaseStatus.VERIFIED),
    VERIFY(CaseStatus.VERIFIED, CaseStatus.HANDLED),
    CLOSE(CaseStatus.CLOSED, CaseStatus.VERIFIED),
    ESCALATE(null),
    NOTE(null);

    private final CaseStatus to;
    private final Set<CaseStatus> from;

    Action(CaseStatus to, CaseStatus... from) {
        this.to = to;
        this.from = from.length == 0 ? EnumSet.noneOf(CaseStatus.class) : EnumSet.of(from[0], from);
    }

    /** Whether this action applies to a case in {@code status}. */
    public boolean appliesTo(CaseStatus status) {
        return switch (this) {
            case ESCALATE -> !status.terminal();
            case NOTE -> true;
            default -> from.contains(status);
        };
    }

    /** The status after this action on a case in {@code status}. */
    public CaseStatus next(CaseStatus status) {
        return to == null ? status : to;
    }

    /** The statuses this action applies to, for error messages. */
    public Set<CaseStatus> from() {
        return switch (this) {
            case ESCALATE -> EnumSet.complementOf(EnumSet.of(CaseStatus.CLOSED, CaseStatus.REJECTED));
            case NOTE -> EnumSet.allOf(CaseStatus.class);
            default -> EnumSet.copyOf(from.isEmpty() ? EnumSet.noneOf(CaseStatus.class) : from);
        };
    }
}
