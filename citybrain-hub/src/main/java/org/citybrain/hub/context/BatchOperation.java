package org.citybrain.hub.context;

/** The batch entity operations of 5.6.7–5.6.9 (delete is {@link ContextStore#batchDelete}). */
public enum BatchOperation {
    /** Creates each entity; those that exist fail with AlreadyExists. */
    CREATE,
    /** Creates missing entities and replaces existing ones whole ({@code options=replace}, the default). */
    UPSERT_REPLACE,
    /** Creates missing entities and appends attributes to existing ones ({@code options=update}). */
    UPSERT_UPDATE,
    /** Appends attributes to existing entities, overwriting; missing entities fail with ResourceNotFound. */
    UPDATE,
    /** As {@link #UPDATE} with {@code options=noOverwrite}: existing attributes are left alone. */
    UPDATE_NO_OVERWRITE
}
