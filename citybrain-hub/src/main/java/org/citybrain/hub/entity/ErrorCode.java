package org.citybrain.hub.entity;

/**
 * Stable machine codes of the hub's validation errors; clients and logs may rely on them.
 * Each code belongs to exactly one {@link ProblemType}. Never rename a code: add a new one.
 */
public enum ErrorCode {
    MALFORMED_JSON(ProblemType.INVALID_REQUEST),
    NOT_AN_OBJECT(ProblemType.INVALID_REQUEST),
    MISSING_ID(ProblemType.BAD_REQUEST_DATA),
    INVALID_ID(ProblemType.BAD_REQUEST_DATA),
    MISSING_TYPE(ProblemType.BAD_REQUEST_DATA),
    INVALID_TYPE(ProblemType.BAD_REQUEST_DATA),
    INVALID_CONTEXT(ProblemType.BAD_REQUEST_DATA),
    INVALID_ATTRIBUTE_NAME(ProblemType.BAD_REQUEST_DATA),
    INVALID_ATTRIBUTE(ProblemType.BAD_REQUEST_DATA),
    MISSING_VALUE(ProblemType.BAD_REQUEST_DATA),
    INVALID_OBJECT(ProblemType.BAD_REQUEST_DATA),
    INVALID_DATE_TIME(ProblemType.BAD_REQUEST_DATA),
    DATE_TIME_WITHOUT_ZONE(ProblemType.BAD_REQUEST_DATA),
    INVALID_DATASET_ID(ProblemType.BAD_REQUEST_DATA),
    INVALID_UNIT_CODE(ProblemType.BAD_REQUEST_DATA),
    INVALID_GEOJSON(ProblemType.BAD_REQUEST_DATA),
    SCHEMA_VIOLATION(ProblemType.BAD_REQUEST_DATA),
    /** A subscription member that is missing, of the wrong type or out of range. */
    INVALID_SUBSCRIPTION(ProblemType.BAD_REQUEST_DATA),
    /** A subscription member the hub does not implement (periodic notifications, temporalQ, ...). */
    UNSUPPORTED_SUBSCRIPTION_MEMBER(ProblemType.OPERATION_NOT_SUPPORTED),
    UNSUPPORTED_ATTRIBUTE_TYPE(ProblemType.OPERATION_NOT_SUPPORTED),
    UNSUPPORTED_MULTI_ATTRIBUTE(ProblemType.OPERATION_NOT_SUPPORTED),
    /** A body or batch over a configured limit. */
    PAYLOAD_TOO_LARGE(ProblemType.INVALID_REQUEST),
    /** A context URI the hub does not ship; it never fetches one (decision 0007). */
    UNKNOWN_CONTEXT(ProblemType.BAD_REQUEST_DATA),
    /** A {@code q} that is not valid NGSI-LD query language, or over the hub's limits. */
    INVALID_QUERY(ProblemType.BAD_REQUEST_DATA),
    /** A geo-query whose georel, geometry, coordinates or geoproperty is not valid. */
    INVALID_GEOQUERY(ProblemType.BAD_REQUEST_DATA),
    /** An {@code options} value the operation does not know, or two that contradict each other. */
    INVALID_OPTIONS(ProblemType.BAD_REQUEST_DATA),
    /** A batch operation with no entry. */
    EMPTY_BATCH(ProblemType.BAD_REQUEST_DATA);

    private final ProblemType problemType;

    ErrorCode(ProblemType problemType) {
        this.problemType = problemType;
    }

    public ProblemType problemType() {
        return problemType;
    }
}
