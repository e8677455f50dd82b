package org.citybrain.hub.store;

/**
 * What opening a store found in its log.
 *
 * @param segments       segment files read
 * @param records        valid records replayed
 * @param truncatedBytes bytes of a torn or corrupt tail cut off the last segment (0 after a clean
 *                       shutdown); they were never acknowledged
 */
public record Recovery(int segments, long records, long truncatedBytes) {
}
