package org.citybrain.server.web;

import java.net.URI;
import java.util.Objects;
import java.util.Optional;
import org.citybrain.hub.entity.ProblemType;
import org.springframework.http.HttpStatus;

/**
 * A request the server refuses for a reason of its own (not one the hub raised): carries the
 * HTTP status, the ProblemDetails type and where in the request the problem is.
 */
public final class ApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final HttpStatus status;
    private final URI type;
    private final String title;
    private final Optional<String> jsonPath;

    private ApiException(HttpStatus status, URI type, String title, Optional<String> jsonPath, String detail) {
        super(detail);
        this.status = Objects.requireNonNull(status);
        this.type = Objects.requireNonNull(type);
        this.title = Objects.requireNonNull(title);
        this.jsonPath = Objects.requireNonNull(jsonPath);
    }

    /** An NGSI-LD error type with its usual status. */
    public static ApiException of(ProblemType problem, String jsonPath, String detail) {
        return new ApiException(Problems.status(problem), problem.uri(), problem.title(), Optional.ofNullable(jsonPath), detail);
    }

    /** 400 BadRequestData at {@code jsonPath}. */
    public static ApiException badRequestData(String jsonPath, String detail) {
        return of(ProblemType.BAD_REQUEST_DATA, jsonPath, detail);
    }

    /**
     * The string member {@code field} of a request body object.
     *
     * @throws ApiException BadRequestData at {@code $.field} if it is missing or not a string
     */
    public static String requireText(com.fasterxml.jackson.databind.JsonNode body, String field) {
        com.fasterxml.jackson.databind.JsonNode value = body.get(field);
        if (value == null || !value.isTextual()) {
            throw badRequestData("$." + field, field + " is required and must be a string");
        }
        return value.asText();
    }

    /** A plain HTTP error ({@code about:blank}, titled by the status). */
    public static ApiException status(HttpStatus status, String detail) {
        return new ApiException(status, URI.create("about:blank"), status.getReasonPhrase(), Optional.empty(), detail);
    }

    public HttpStatus status() {
        return status;
    }

    public URI type() {
        return type;
    }

    public String title() {
        return title;
    }

    public Optional<String> jsonPath() {
        return jsonPath;
    }
}
