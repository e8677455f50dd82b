package org.citybrain.server.govern;

import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.http.HttpServletRequest;
import java.io.UncheckedIOException;
import java.util.Optional;
import org.citybrain.govern.cases.CaseException;
import org.citybrain.govern.rules.RuleException;
import org.citybrain.server.web.Problems;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * The govern engines' errors as problem details (RFC 9457) for the management API: a case's
 * stable {@link CaseException.Kind} as {@code code}. Open311 answers in its own error format
 * ({@link Open311Controller}). A store that failed answers as the hub's do ({@link Problems#storeFailure}:
 * 503); the hub's own {@code StoreException} (the PostgreSQL stores of rules and keys) reaches the
 * server's {@code ErrorMapping}, which answers the same.
 */
@RestControllerAdvice(assignableTypes = GovernController.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class GovernErrors {

    @ExceptionHandler(CaseException.class)
    ResponseEntity<ObjectNode> cases(CaseException e, HttpServletRequest request) {
        HttpStatus status = switch (e.kind()) {
            case NOT_FOUND -> HttpStatus.NOT_FOUND;
            case CONFLICT, ILLEGAL_TRANSITION -> HttpStatus.CONFLICT;
            case INVALID -> HttpStatus.BAD_REQUEST;
            case STORAGE -> HttpStatus.SERVICE_UNAVAILABLE;
        };
        if (status == HttpStatus.SERVICE_UNAVAILABLE) {
            return Problems.storeFailure(request.getMethod(), e);
        }
        return Problems.response(status, Problems.body(java.net.URI.create("about:blank"), status.getReasonPhrase(), status,
                e.getMessage(), Optional.of(e.kind().name()), Optional.empty()));
    }

    @ExceptionHandler(RuleException.class)
    ResponseEntity<ObjectNode> rules(RuleException e) {
        return Problems.response(HttpStatus.BAD_REQUEST, Problems.plain(HttpStatus.BAD_REQUEST, e.getMessage()));
    }

    /**
     * Differs from {@code ErrorMapping} on purpose: there an {@link UncheckedIOException} is a
     * request body that could not be read (400). The management API reads its bodies as strings
     * and JSON trees before any of this runs, so here it can only come from the embedded stores
     * writing {@code govern/rules.json} or {@code govern/open311-keys.json} (AtomicFiles): the
     * disk failed, not the request.
     */
    @ExceptionHandler(UncheckedIOException.class)
    ResponseEntity<ObjectNode> files(UncheckedIOException e, HttpServletRequest request) {
        return Problems.storeFailure(request.getMethod(), e);
    }
}
