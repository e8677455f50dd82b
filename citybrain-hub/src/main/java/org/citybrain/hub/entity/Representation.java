package org.citybrain.hub.entity;

/** The JSON shapes in which the hub reads entities. */
public enum Representation {
    /** NGSI-LD normalized: every attribute an object with {@code type} and {@code value}/{@code object}. */
    NORMALIZED,
    /** NGSI-LD simplified ({@code options=keyValues}): every attribute a plain value. */
    KEY_VALUES,
    /**
     * NGSI-v2 normalized (FIWARE's older API, the {@code example-normalized.json} of Smart Data
     * Models): {@code {"type": "Number", "value": 3, "metadata": {...}}}. Read for import only.
     */
    NGSI_V2_NORMALIZED,
    /** NGSI-v2 keyValues: like {@link #KEY_VALUES}, ids need not be URIs. Read for import only. */
    NGSI_V2_KEY_VALUES
}
