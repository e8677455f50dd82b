package org.citybrain.server.context;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.citybrain.hub.entity.CoreContext;
import org.citybrain.hub.entity.ErrorCode;
import org.citybrain.hub.entity.JsonLdContext;
import org.citybrain.hub.entity.NgsiLdException;
import org.citybrain.hub.jsonld.Contexts;
import org.citybrain.hub.jsonld.Expander;
import org.citybrain.server.web.ApiException;

/**
 * Where a request's JSON-LD {@code @context} comes from (ETSI GS CIM 009, clause 6.3.5): the body's
 * {@code @context} member when the body is {@code application/ld+json} (there it is required), else
 * the {@code Link} header with rel {@code http://www.w3.org/ns/json-ld#context} (a JSON body must not
 * carry {@code @context}), else the core context alone.
 */
public final class RequestContext {
    public static final String LINK_REL = "http://www.w3.org/ns/json-ld#context";
    static final MediaType LD_JSON = MediaType.parseMediaType("application/ld+json");
    static final MediaType GEO_JSON = MediaType.parseMediaType("application/geo+json");
    /** What answers may be, in the order 6.3.4 lists them (the first wins a tie). */
    private static final List<MediaType> JSON_OR_LD = List.of(MediaType.APPLICATION_JSON, LD_JSON);
    private static final List<MediaType> ENTITY_TYPES = List.of(MediaType.APPLICATION_JSON, LD_JSON, GEO_JSON);
    private static final Pattern LINK = Pattern.compile("<([^>]*)>\\s*;(.*)");
    /** The Link header naming the core context, which plain JSON answers in the core context carry (6.3.6). */
    public static final String CORE_LINK = link(CoreContext.URI.toString());
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
        String found = null;
        for (String part : header.get().split(",(?=\\s*<)")) {
            Matcher m = LINK.matcher(part.trim());
            if (!m.matches()) {
                throw NgsiLdException.of(ErrorCode.INVALID_CONTEXT, "Link", "not a Link header: " + part.trim());
            }
            Matcher rel = REL.matcher(m.group(2));
            if (rel.find() && rel.group(1).trim().equals(LINK_REL)) {
                if (found != null) {
                    // JSON-LD allows one context link; a compound context goes in one document (6.3.5, annex C.7)
                    throw NgsiLdException.of(ErrorCode.INVALID_CONTEXT, "Link", "more than one JSON-LD context Link ("
                            + found + ", " + m.group(1).trim() + "); name one context, which may itself list several");
                }
                found = m.group(1).trim();
            }
        }
        return found == null ? JsonLdContext.EMPTY : JsonLdContext.of(found);
    }

    /**
     * The Link header value that names {@code context}'s first URI, for responses; the core
     * context's when the request named none, since a JSON answer always names its context (6.3.6).
     */
    static String linkHeader(JsonLdContext context) {
        return context.uris().stream().findFirst().map(uri -> link(uri.toString())).orElse(CORE_LINK);
    }

    private static String link(String uri) {
        return "<" + uri + ">; rel=\"" + LINK_REL + "\"; type=\"application/ld+json\"";
    }

    /** Whether the client prefers {@code application/ld+json}, so wants the {@code @context} in the body. */
    public static boolean wantsLdJson(Optional<String> accept) {
        return accept.flatMap(a -> preferred(a, JSON_OR_LD)).filter(m -> m.equalsTypeAndSubtype(LD_JSON)).isPresent();
    }

    /**
     * The representation an answer of context information takes (6.3.4): whether the client wants
     * {@code application/ld+json} rather than {@code application/json}. Without {@code Accept} it
     * is JSON; otherwise the acceptable type of the highest quality, JSON before JSON-LD on equal
     * quality, as the clause lists them.
     *
     * @throws ApiException 406 Not Acceptable if {@code Accept} allows neither
     */
    public static boolean negotiate(Optional<String> accept) {
        return negotiate(accept, JSON_OR_LD).equalsTypeAndSubtype(LD_JSON);
    }

    /**
     * As {@link #negotiate(Optional)} for answers that are entities, which may also be GeoJSON
     * (6.3.15): JSON, JSON-LD or GeoJSON, in that order on equal quality.
     */
    static MediaType negotiateEntities(Optional<String> accept) {
        return negotiate(accept, ENTITY_TYPES);
    }

    private static MediaType negotiate(Optional<String> accept, List<MediaType> offered) {
        if (accept.isEmpty() || accept.get().isBlank()) {
            return MediaType.APPLICATION_JSON;
        }
        return preferred(accept.get(), offered).orElseThrow(() -> ApiException.status(HttpStatus.NOT_ACCEPTABLE, "Accept "
                + accept.get() + " allows none of " + offered.stream().map(MediaType::toString).collect(Collectors.joining(", "))));
    }

    /** The type of {@code offered} that {@code accept} prefers, the first of them on equal quality, if it allows one. */
    private static Optional<MediaType> preferred(String accept, List<MediaType> offered) {
        List<MediaType> ranges;
        try {
            ranges = MediaType.parseMediaTypes(accept);
        } catch (InvalidMediaTypeException e) {
            return Optional.empty();
        }
        MediaType best = null;
        double bestQuality = 0;
        for (MediaType candidate : offered) {
            // the most specific range that covers the candidate gives its quality (RFC 9110, 12.5.1)
            double quality = ranges.stream().filter(r -> r.includes(candidate))
                    .max(Comparator.comparingInt(RequestContext::specificity)).map(MediaType::getQualityValue).orElse(0.0);
            if (quality > bestQuality) {
                best = candidate;
                bestQuality = quality;
            }
        }
        return Optional.ofNullable(best);
    }

    private static int specificity(MediaType range) {
        return range.isWildcardType() ? 0 : range.isWildcardSubtype() ? 1 : 2;
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
        return builder.header("Link", linkHeader(context.context())).contentType(MediaType.APPLICATION_JSON);
    }
}
