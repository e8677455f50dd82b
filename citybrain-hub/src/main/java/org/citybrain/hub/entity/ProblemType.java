package org.citybrain.hub.entity;

import java.net.URI;

/**
 * The NGSI-LD error types (ETSI GS CIM 009, ProblemDetails {@code type}) that the hub reports.
 *
 * <p>Only the kinds the hub can raise are listed; the server maps each to an HTTP status in one
 * place, so no status lives here.
 */
public enum ProblemType {
    /** The request is syntactically wrong: not JSON, or not the JSON shape the operation takes. */
    INVALID_REQUEST("InvalidRequest", "Invalid request"),
    /** The request is well-formed but its content breaks a rule (ids, attributes, values, models). */
    BAD_REQUEST_DATA("BadRequestData", "Bad request data"),
    /** A feature of NGSI-LD that the hub does not implement (yet). */
    OPERATION_NOT_SUPPORTED("OperationNotSupported", "Operation not supported"),
    /** An answer larger than the server gives at once (a page over the maximum {@code limit}, ...). */
    TOO_MANY_RESULTS("TooManyResults", "Too many results"),
    RESOURCE_NOT_FOUND("ResourceNotFound", "Resource not found"),
    ALREADY_EXISTS("AlreadyExists", "Already exists"),
    /** A request for a tenant ({@code NGSILD-Tenant}) to a broker that keeps one (the default). */
    NO_MULTI_TENANT_SUPPORT("NoMultiTenantSupport", "No multi-tenant support");

    private static final String BASE = "https://uri.etsi.org/ngsi-ld/errors/";

    private final URI uri;
    private final String title;

    ProblemType(String name, String title) {
        this.uri = URI.create(BASE + name);
        this.title = title;
    }

    /** The type URI, e.g. {@code https://uri.etsi.org/ngsi-ld/errors/BadRequestData}. */
    public URI uri() {
        return uri;
    }

    /** A short human title for ProblemDetails. */
    public String title() {
        return title;
    }
}
