package org.citybrain.hub.entity;

/** The input is not JSON or not of the shape the operation takes (NGSI-LD InvalidRequest). */
public final class InvalidRequestException extends NgsiLdException {
    private static final long serialVersionUID = 1L;

    public InvalidRequestException(ErrorCode code, String jsonPath, String message) {
        super(code, jsonPath, message);
        if (code.problemType() != ProblemType.INVALID_REQUEST) {
            throw new IllegalArgumentException(code + " is not a InvalidRequest error");
        }
    }
}
