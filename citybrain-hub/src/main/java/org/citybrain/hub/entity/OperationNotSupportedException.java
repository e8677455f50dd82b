package org.citybrain.hub.entity;

/** The input uses a part of NGSI-LD that the hub does not implement (NGSI-LD OperationNotSupported). */
public final class OperationNotSupportedException extends NgsiLdException {
    private static final long serialVersionUID = 1L;

    public OperationNotSupportedException(ErrorCode code, String jsonPath, String message) {
        super(code, jsonPath, message);
        if (code.problemType() != ProblemType.OPERATION_NOT_SUPPORTED) {
            throw new IllegalArgumentException(code + " is not a OperationNotSupported error");
        }
    }
}
