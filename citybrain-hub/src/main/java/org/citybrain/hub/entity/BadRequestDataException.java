package org.citybrain.hub.entity;

/** The input is well-formed but breaks a rule of NGSI-LD or of a data model (NGSI-LD BadRequestData). */
public non-sealed class BadRequestDataException extends NgsiLdException {
    private static final long serialVersionUID = 1L;

    public BadRequestDataException(ErrorCode code, String jsonPath, String message) {
        super(code, jsonPath, message);
        if (code.problemType() != ProblemType.BAD_REQUEST_DATA) {
            throw new IllegalArgumentException(code + " is not a BadRequestData error");
        }
    }
}
