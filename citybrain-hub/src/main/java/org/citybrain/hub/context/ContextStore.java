package org.citybrain.hub.context;

import java.net.URI;
import java.util.List;
import java.util.Optional;
import org.citybrain.hub.entity.Attribute;
import org.citybrain.hub.entity.Entity;

/**
 * The live context: every entity the hub knows, with NGSI-LD semantics (ETSI GS CIM 009, clause
 * 5.6 "Context information provision/consumption"). The embedded implementation keeps it durable in
 * the data directory; a PostgreSQL one implements the same contract.
 *
 * <h2>Contract</h2>
 * <ul>
 *   <li>Names are stored as given: callers expand or compact terms against the request's
 *       {@code @context} before and after (the store never sees two spellings of one name).</li>
 *   <li>Every write returns only when it is durable; a write that fails changes nothing. An
 *       entity the NGSI-LD reader would reject (e.g. built in code with a date-time without
 *       offset) fails with {@link org.citybrain.hub.entity.NgsiLdException}.</li>
 *   <li>The store sets {@code createdAt}/{@code modifiedAt} of entities and attributes; values
 *       the caller put there are ignored.</li>
 *   <li>Readings that devices send (through {@code org.citybrain.hub.ingest}) update the current
 *       value of their entity's attributes: {@link #find} and {@link #query} show an attribute's
 *       value with the latest {@code observedAt} of API writes and readings together.</li>
 *   <li>Every attribute change from the API is kept as history (the temporal API reads it).</li>
 * </ul>
 * Implementations are safe for concurrent use.
 */
public interface ContextStore extends AutoCloseable {

    /**
     * Creates an entity (5.6.1).
     *
     * @throws ContextException {@link ContextException.Kind#ALREADY_EXISTS} if one with that id exists
     */
    Entity create(Entity entity);

    /** The entity with {@code id}, with system times, or empty. */
    Optional<Entity> find(URI id);

    /** Entities matching {@code query}, ordered by id, one page of them (5.7.2). */
    Page query(EntityQuery query);

    /**
     * Deletes an entity (5.6.6).
     *
     * @throws ContextException {@link ContextException.Kind#NOT_FOUND}
     */
    void delete(URI id);

    /**
     * Appends attributes (5.6.3): adds new ones and, unless {@code noOverwrite}, replaces existing
     * ones; with {@code noOverwrite} existing ones are reported as not updated.
     *
     * @param attributes the attributes to append, as an entity fragment: its id must be {@code id};
     *                   its type is ignored (an entity has one type, set when it was created)
     * @throws ContextException {@link ContextException.Kind#NOT_FOUND}
     * @throws org.citybrain.hub.entity.BadRequestDataException if the fragment's id is another
     */
    UpdateResult append(URI id, Entity attributes, boolean noOverwrite);

    /**
     * Replaces an entity (5.6.18) in one write: its attributes become those of {@code entity}, each
     * kept attribute keeping its {@code createdAt}, as an upsert with replace does.
     *
     * @throws ContextException {@link ContextException.Kind#NOT_FOUND} if the entity does not exist
     */
    void replace(URI id, Entity entity);

    /**
     * Updates attributes (5.6.2): replaces those that exist; the others are reported as not
     * updated (ResourceNotFound per attribute), and nothing is added.
     *
     * @param attributes as for {@link #append}
     * @throws ContextException {@link ContextException.Kind#NOT_FOUND} if the entity does not exist
     */
    UpdateResult update(URI id, Entity attributes);

    /**
     * Partial attribute update (5.6.4): merges {@code patch} into the existing attribute
     * {@code name} (its value, and any metadata or sub-attribute it carries).
     *
     * @throws ContextException {@link ContextException.Kind#NOT_FOUND} if the entity or attribute does not exist
     */
    void patchAttribute(URI id, String name, Attribute patch);

    /**
     * Partial attribute update that carries no value (5.6.4): the metadata and sub-attributes of
     * {@code patch} merged into the attribute {@code name} as by {@link #patchAttribute}, its value
     * kept whatever {@code patch} holds there (e.g. a new {@code unitCode} or {@code observedAt} alone).
     *
     * @throws ContextException {@link ContextException.Kind#NOT_FOUND} if the entity or attribute does not exist
     */
    void patchMetadata(URI id, String name, Attribute patch);

    /**
     * Merges a fragment into an entity (5.6.17), as one write: the attributes in {@code deletions}
     * that the entity shows are deleted; each attribute of {@code fragment} that the entity shows
     * (after those deletions) is merged as by {@link #patchAttribute}, the others are added. A
     * reader sees the entity before or after the whole merge, never part of it.
     *
     * @param fragment the entity's id and the attributes to merge (its type is not used)
     * @throws ContextException {@link ContextException.Kind#NOT_FOUND} if the entity does not exist
     */
    default void merge(URI id, Entity fragment, java.util.Set<String> deletions) {
        merge(id, fragment, deletions, java.util.Set.of());
    }

    /**
     * {@link #merge(URI, Entity, java.util.Set)} where the attributes named in {@code valueless}
     * carry no value: each is merged as by {@link #patchMetadata}, and must exist.
     *
     * @throws ContextException {@link ContextException.Kind#NOT_FOUND} if the entity, or an attribute
     *                          in {@code valueless}, does not exist (nothing is written)
     */
    void merge(URI id, Entity fragment, java.util.Set<String> deletions, java.util.Set<String> valueless);

    /**
     * Deletes one attribute (5.6.5).
     *
     * @throws ContextException {@link ContextException.Kind#NOT_FOUND} if the entity or attribute does not exist
     */
    default void deleteAttribute(URI id, String name) {
        deleteAttribute(id, name, Optional.empty());
    }

    /**
     * Deletes one attribute (5.6.5) if its instance is of {@code datasetId} (an entity holds one
     * instance per attribute): a request for another dataset's instance deletes nothing.
     *
     * @param datasetId the instance's dataset; empty: whichever the attribute holds
     * @throws ContextException {@link ContextException.Kind#NOT_FOUND} if the entity, the attribute
     *                          or an instance of that dataset does not exist
     */
    void deleteAttribute(URI id, String name, Optional<URI> datasetId);

    /**
     * One batch operation (5.6.7–5.6.10) over entities already read; each entity succeeds or fails
     * on its own, and the result lists both. Entities that could not even be read are the caller's
     * to report.
     */
    BatchResult batch(BatchOperation operation, List<Entity> entities);

    /** Deletes entities by id as one batch (5.6.10). */
    BatchResult batchDelete(List<URI> ids);

    /** Every entity type with the attribute names its entities have (5.7.5, 5.7.6). */
    List<TypeInfo> types();

    /** Every attribute name with the types of entities that have it (5.7.8, 5.7.9). */
    List<AttributeInfo> attributes();

    @Override
    void close();
}
