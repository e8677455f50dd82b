/**
 * History as the temporal API reads it (ETSI GS CIM 009, clauses 5.7.3, 5.7.4, 6.18, 6.19): raw
 * instances of an entity attribute in a time range, its last N, per-period aggregates computed
 * while streaming the {@link org.citybrain.hub.store.ReadingStore}'s history, and retention per
 * entity type. Names are expanded IRIs throughout; the server compacts them.
 */
package org.citybrain.hub.temporal;
