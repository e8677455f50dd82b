package org.citybrain.server.govern;

import com.fasterxml.jackson.databind.node.ObjectNode;
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
 * ({@link Open311Controller}).
 */
@RestControllerAdvice(assignableTypes = GovernController.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class GovernErrors {

    @ExceptionHandler(CaseException.class)
    ResponseEntity<ObjectNode> cases(CaseException e) {
        HttpStatus status = switch (e.kind()) {
            case NOT_FOUND -> HttpStatus.NOT_FOUND;
            case CONFLICT, ILLEGAL_TRANSITION -> HttpStatus.CONFLICT;
            case INVALID -> HttpStatus.BAD_REQUEST;
            case STORAGE -> HttpStatus.INTERNAL_SERVER_ERROR;
        };
        return Problems.response(status, Problems.body(java.net.URI.create("about:blank"), status.getReasonPhrase(), status,
                e.getMessage(), Optional.of(e.kind().name()), Optional.empty()));
    }

    @ExceptionHandler(RuleException.class)
    ResponseEntity<ObjectNode> rules(RuleException e) {
        return Problems.response(HttpStatus.BAD_REQUEST, Problems.plain(HttpStatus.BAD_REQUEST, e.getMessage()));
    }
}
