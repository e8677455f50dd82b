package org.citybrain.server.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.util.Optional;
import org.citybrain.hub.entity.ErrorCode;
import org.citybrain.hub.entity.ProblemType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * Error bodies: ProblemDetails (RFC 9457) as NGSI-LD uses them, with two extension members of
 * ours, {@code code} (a stable machine code) and {@code jsonPath} (where in the request body).
 * The one place where problem types become HTTP statuses.
 */
public final class Problems {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Logger LOG = LoggerFactory.getLogger(Problems.class);

    private Problems() {
    }

    /** The HTTP status of an NGSI-LD error type (ETSI GS CIM 009, clause 6.3.2). */
    public static HttpStatus status(ProblemType type) {
        return switch (type) {
            case INVALID_REQUEST, BAD_REQUEST_DATA -> HttpStatus.BAD_REQUEST;
            case OPERATION_NOT_SUPPORTED -> HttpStatus.UNPROCESSABLE_ENTITY;
            case TOO_MANY_RESULTS -> HttpStatus.FORBIDDEN;
            case RESOURCE_NOT_FOUND -> HttpStatus.NOT_FOUND;
            case ALREADY_EXISTS -> HttpStatus.CONFLICT;
            case NO_MULTI_TENANT_SUPPORT -> HttpStatus.NOT_IMPLEMENTED;
        };
    }

    /** The status of a hub validation error: its type's, except a body over a limit. */
    public static HttpStatus status(ErrorCode code) {
        return code == ErrorCode.PAYLOAD_TOO_LARGE ? HttpStatus.PAYLOAD_TOO_LARGE : status(code.problemType());
    }

    /** A ProblemDetails body. */
    public static ObjectNode body(URI type, String title, HttpStatus status, String detail, Optional<String> code,
            Optional<String> jsonPath) {
        ObjectNode body = JSON.createObjectNode();
        body.put("type", type.toString());
        body.put("title", title);
        body.put("status", status.value());
        body.put("detail", detail);
        code.ifPresent(c -> body.put("code", c));
        jsonPath.ifPresent(p -> body.put("jsonPath", p));
        return body;
    }

    /** A plain HTTP error body ({@code about:blank}). */
    public static ObjectNode plain(HttpStatus status, String detail) {
        return body(URI.create("about:blank"), status.getReasonPhrase(), status, detail, Optional.empty(), Optional.empty());
    }

    /**
     * The answer to a store that failed (a disk, the database): 503 Service Unavailable, the call
     * may be tried again later and nothing was changed. The hub's and the govern engines' failures
     * alike, so a client sees one shape whichever part of the server failed.
     */
    public static ResponseEntity<ObjectNode> storeFailure(String method, Throwable e) {
        return response(HttpStatus.SERVICE_UNAVAILABLE, plain(HttpStatus.SERVICE_UNAVAILABLE, storeFailureDetail(method, e)));
    }

    /**
     * What {@link #storeFailure} says, for an API with its own error format (Open311); logs the
     * failure with its cause. A read ({@code GET}, {@code HEAD}) could not be answered; a write was
     * not accepted.
     */
    public static String storeFailureDetail(String method, Throwable e) {
        LOG.error("store failure; nothing was acknowledged", e);
        boolean read = "GET".equals(method) || "HEAD".equals(method);
        return (read ? "the store could not be read, try again later: "
                : "the data could not be stored durably and was not accepted: ") + e.getMessage();
    }

    public static ResponseEntity<ObjectNode> response(HttpStatus status, ObjectNode body) {
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON).body(body);
    }

    /** Writes a body directly (for filters, which run before Spring MVC). */
    public static void write(HttpServletResponse response, HttpStatus status, ObjectNode body) throws IOException {
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        JSON.writeValue(response.getOutputStream(), body);
    }
}
