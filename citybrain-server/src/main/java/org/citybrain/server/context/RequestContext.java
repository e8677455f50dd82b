package org.citybrain.server.context;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.citybrain.hub.entity.CoreContext;
import org.citybrain.hub.entity.ErrorCode;
import org.citybrain.hub.entity.JsonLdContext;
import org.citybrain.hub.entity.NgsiLdException;
import org.citybrain.hub.jsonld.Contexts;
import org.citybrain.hub.jsonld.Expander;

/**
 * Where a request's JSON-LD {@code @context} comes from (ETSI GS CIM 009, clause 6.3.5): the body's
 * {@code @context} member when the body is {@code application/ld+json} (there it is required), else
 * the {@code Link} header with rel {@code http://www.w3.org/ns/json-ld#context} (a JSON body must not
 * carry {@code @context}), else the core context alone.
 */
public final class RequestContext {
    public static final String LINK_REL = "http://www.w3.org/ns/json-ld#context";
    static final MediaType LD_JSON = MediaType.parseMediaType("application/ld+json");
    private static final Pattern LINK = Pattern.compile("<([^>]*)>\\s*;(.*)");
    private static final Pattern REL = Pattern.compile("rel\\s*=\\s*\"?([^\";]+)\"?");

    private RequestContext() {
    }

    /** The context of a request without a body (GET, DELETE): the Link header's, or core. */
    public static Expander of(Contexts contexts, Optional<String> link) {
        return contexts.expander(fromLink(link));
    }

    /**
     * The context of a request with a JSON body.
     *
     * @throws NgsiLdException BadRequestData if an {@code application/ld+json} body has no
     *                         {@code @context}, or a JSON body has one
     */
    static Expander of(Contexts contexts, Optional<String> link, boolean ldJson, JsonNode body) {
        if (ldJson) {
            if (body.isArray()) {
                return contexts.expander(JsonLdContext.EMPTY); // batches: each entity names its own
            }
            JsonNode context = body.get("@context");
            if (context == null) {
                throw NgsiLdException.of(ErrorCode.INVALID_CONTEXT, "$",
                        "an application/ld+json body must carry @context (or send application/json with a Link header)");
            }
            if (link.isPresent()) {
                throw NgsiLdException.of(ErrorCode.INVALID_CONTEXT, "$['@context']",
                        "an application/ld+json request must not also have a JSON-LD Link header");
            }
            return contexts.expander(JsonLdContext.parse(context, "$['@context']"));
        }
        if (body.isObject() && body.has("@context")) {
            throw NgsiLdException.of(ErrorCode.INVALID_CONTEXT, "$['@context']",
                    "an application/json body must not carry @context; send it as application/ld+json or in a Link header");
        }
        return of(contexts, link);
    }

    /** The context named by a Link header, or the empty (core) context. */
    static JsonLdContext fromLink(Optional<String> header) {
        if (header.isEmpty() || header.get().isBlank()) {
            return JsonLdContext.EMPTY;
        }
        for (String part : header.get().split(",(?=\\s*<)")) {
            Matcher m = LINK.matcher(part.trim());
            if (!m.matches()) {
                throw NgsiLdException.of(ErrorCode.INVALID_CONTEXT, "Link", "not a Link header: " + part.trim());
            }
            Matcher rel = REL.matcher(m.group(2));
            if (rel.find() && rel.group(1).trim().equals(LINK_REL)) {
                return JsonLdContext.of(m.group(1).trim());
            }
        }
        return JsonLdContext.EMPTY;
    }

    /** The Link header value that names {@code context}'s first URI, for responses. */
    static Optional<String> linkHeader(JsonLdContext context) {
        return context.uris().stream().findFirst()
                .map(uri -> "<" + uri + ">; rel=\"" + LINK_REL + "\"; type=\"application/ld+json\"");
    }

    /** Whether the client accepts {@code application/ld+json}, so wants the {@code @context} in the body. */
    public static boolean wantsLdJson(Optional<String> accept) {
        return accept.map(a -> MediaType.parseMediaTypes(a).stream().anyMatch(m -> m.equalsTypeAndSubtype(LD_JSON)))
                .orElse(false);
    }

    /** The context to put in an {@code application/ld+json} body: the request's, or the core one. */
    public static JsonLdContext bodyContext(Expander context) {
        return context.context().isEmpty() ? JsonLdContext.of(CoreContext.URI.toString()) : context.context();
    }

    /**
     * The content type of an answer and, for plain JSON, the Link header naming its context
     * (clause 6.3.6): {@code application/ld+json} answers carry it in the body instead.
     */
    public static ResponseEntity.BodyBuilder withContextHeaders(ResponseEntity.BodyBuilder builder, Expander context,
            Optional<String> accept) {
        if (wantsLdJson(accept)) {
            return builder.contentType(LD_JSON);
        }
        linkHeader(context.context()).ifPresent(l -> builder.header("Link", l));
        return builder.contentType(MediaType.APPLICATION_JSON);
    }
}
