package org.citybrain.hub.context;

import java.net.URI;
import java.util.List;
import org.citybrain.hub.entity.ProblemType;

/**
 * Outcome of a batch operation (NGSI-LD BatchOperationResult, 5.2.16): the ids that succeeded and,
 * for each that failed, the error as ProblemDetails parts; and of those that succeeded, the ids
 * of the entities the batch created (an upsert tells creations from updates by them).
 */
public record BatchResult(List<URI> success, List<BatchError> errors, List<URI> created) {

    public BatchResult {
        success = List.copyOf(success);
        errors = List.copyOf(errors);
        created = List.copyOf(created);
    }

    /** A result that created nothing. */
    public BatchResult(List<URI> success, List<BatchError> errors) {
        this(success, errors, List.of());
    }

    /** One entity that failed, with the NGSI-LD error type and a detail message. */
    public record BatchError(String entityId, ProblemType type, String detail) {
    }
}
