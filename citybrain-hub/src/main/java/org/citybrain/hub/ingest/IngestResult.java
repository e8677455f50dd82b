package org.citybrain.hub.ingest;

/**
 * What one accepted payload did, once durable.
 *
 * @param readings   attribute values in the payload
 * @param stored     readings newly stored
 * @param duplicates readings that were stored before (same device, attribute and time), not
 *                   stored again; a retry after a lost acknowledgement gives duplicates only
 */
public record IngestResult(int readings, int stored, int duplicates) {
}
