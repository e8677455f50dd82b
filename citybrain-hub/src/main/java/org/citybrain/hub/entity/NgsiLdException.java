package org.citybrain.hub.entity;

import java.util.Objects;

/**
 * A rejected NGSI-LD input: says what ({@link #code()}), where ({@link #jsonPath()}, a JSON path
 * such as {@code $.speed.value} into the document as the client sent it) and why
 * ({@link #getMessage()}). The {@link #problemType()} is the ProblemDetails type the server
 * answers with.
 *
 * <p>Subclasses only narrow the problem type, so that callers can catch by kind.
 */
public abstract sealed class NgsiLdException extends RuntimeException
        permits InvalidRequestException, BadRequestDataException, OperationNotSupportedException {

    private final ErrorCode code;
    private final String jsonPath;

    NgsiLdException(ErrorCode code, String jsonPath, String message) {
        super(jsonPath + ": " + message);
        this.code = Objects.requireNonNull(code);
        this.jsonPath = Objects.requireNonNull(jsonPath);
    }

    /** Creates the exception of the right subclass for {@code code}. */
    public static NgsiLdException of(ErrorCode code, String jsonPath, String message) {
        return switch (code.problemType()) {
            case INVALID_REQUEST -> new InvalidRequestException(code, jsonPath, message);
            case OPERATION_NOT_SUPPORTED -> new OperationNotSupportedException(code, jsonPath, message);
            default -> new BadRequestDataException(code, jsonPath, message);
        };
    }

    public ErrorCode code() {
        return code;
    }

    public ProblemType problemType() {
        return code.problemType();
    }

    /** Where the problem is, as a JSON path ({@code $} is the whole document). */
    public String jsonPath() {
        return jsonPath;
    }
}
