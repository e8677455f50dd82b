package org.citybrain.hub.entity;

/** What the reader does with an entity id that is not an absolute URI. */
public enum IdPolicy {
    /** Reject it ({@link ErrorCode#INVALID_ID}), as the NGSI-LD API must. */
    REQUIRE_URI,
    /**
     * Qualify it as {@code urn:ngsi-ld:<type>:<id>}, FIWARE's convention for NGSI-v2 ids; for
     * importing legacy data only. An id that is still not a URI after that is rejected.
     */
    QUALIFY_BARE_IDS
}
