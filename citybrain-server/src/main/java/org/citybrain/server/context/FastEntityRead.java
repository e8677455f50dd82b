package org.citybrain.server.context;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.util.Enumeration;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;
import org.citybrain.hub.context.ContextStore;
import org.citybrain.hub.entity.Entity;
import org.citybrain.hub.entity.JsonLdContext;
import org.citybrain.hub.jsonld.Contexts;
import org.citybrain.server.security.ReadAccess;

/**
 * Entity retrieval by id, the API's hottest call, answered in a servlet filter ahead of Spring
 * Security and Spring MVC, with exactly the status, headers and bytes the API gives
 * ({@code FastEntityReadIT} compares them). Only the common form is taken:
 *
 * <pre>
 *   GET /ngsi-ld/v1/entities/{id}                       (no query, or exactly ?options=keyValues)
 *   Authorization: Bearer {a token whose user may read}  ({@link ReadAccess}, the API's own decision)
 *   Accept: (none) | application/json | application/ld+json | * /*
 * </pre>
 *
 * with an id of plain URI characters (no {@code %}, {@code /} or {@code ;}) and without what MVC
 * would take for a file extension (text after a {@code .}), no {@code Link}, {@code NGSILD-Tenant},
 * {@code Origin} or conditional header, on a plain-HTTP request, of an entity that exists. The
 * answer is the entity's JSON in the core context as {@link RenderedEntities} keeps it, taken
 * after reading the entity from the store, so a write is seen by the next read exactly as through
 * the API. Everything else — another context, {@code attrs}, other options, HEAD, a missing or
 * refused token, an unknown or invalid id, a store failure — goes on through the normal chain
 * untouched, which answers it as always (401/403/404 ProblemDetails included).
 *
 * <p>It runs ahead of the request metrics' filter too, and records its answers in the same meters
 * itself, under their route ({@code /ngsi-ld/v1/entities/{id}}), without an observation per
 * request ({@link FastReadMetrics}); what it passes on, the filter observes as always.
 *
 * <p>Off with {@code citybrain.fast-read=false}.
 */
final class FastEntityRead implements Filter {
    static final String PREFIX = "/ngsi-ld/v1/entities/";
    static final String ROUTE = PREFIX + "{id}";
    private static final String JSON = "application/json";
    private static final String LD_JSON = "application/ld+json";
    private static final String[] REFUSED_HEADERS = {"Link", "Origin", NoTenants.HEADER, "If-Match", "If-None-Match", "If-Modified-Since",
        "If-Unmodified-Since", "If-Range"};

    private final ContextStore store;
    private final Contexts contexts;
    private final RenderedEntities rendered;
    private final ReadAccess access;
    private final FastReadMetrics metrics;
    private final LongAdder served = new LongAdder();

    FastEntityRead(ContextStore store, Contexts contexts, RenderedEntities rendered, ReadAccess access,
            FastReadMetrics metrics) {
        this.store = store;
        this.contexts = contexts;
        this.rendered = rendered;
        this.access = access;
        this.metrics = metrics;
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) req;
        HttpServletResponse response = (HttpServletResponse) res;
        byte[] body = null;
        boolean ldJson = false;
        String id = handledId(request);
        if (id != null) {
            ldJson = LD_JSON.equals(request.getHeader("Accept"));
            body = body(id, "options=keyValues".equals(request.getQueryString()), ldJson, request);
        }
        if (body == null) {
            chain.doFilter(request, response);
            return;
        }
        served.increment();
        byte[] answer = body;
        String type = ldJson ? LD_JSON : JSON;
        String link = ldJson ? null : RequestContext.CORE_LINK; // JSON answers name their context (6.3.6)
        metrics.record(request, response, (timedRequest, timedResponse) -> access.answer((HttpServletRequest) timedRequest,
                (HttpServletResponse) timedResponse, (rq, rs) -> {
                    HttpServletResponse out = (HttpServletResponse) rs;
                    out.setStatus(HttpServletResponse.SC_OK);
                    out.setContentType(type);
                    if (link != null) {
                        out.setHeader("Link", link);
                    }
                    out.setContentLength(answer.length);
                    out.getOutputStream().write(answer);
                }));
    }

    /**
     * The entity's JSON if this request is one to answer here and may be answered, else null. Any
     * failure leaves the request to the normal chain, which will meet it again and report it.
     */
    private byte[] body(String id, boolean keyValues, boolean ldJson, HttpServletRequest request) {
        try {
            URI uri = new URI(id);
            if (!uri.isAbsolute() || !access.allowsRead(request)) {
                return null;
            }
            Optional<Entity> found = store.find(uri);
            if (found.isEmpty()) {
                return null;
            }
            return EntityController.wholeInCoreContext(rendered, found.get(), contexts.expander(JsonLdContext.EMPTY),
                    keyValues, ldJson);
        } catch (Exception e) {
            return null;
        }
    }

    /** The id of a request in the form answered here, or null. */
    static String handledId(HttpServletRequest request) {
        if (request.getDispatcherType() != DispatcherType.REQUEST || !"GET".equals(request.getMethod()) || request.isSecure()
                || !request.getContextPath().isEmpty()) {
            return null;
        }
        String query = request.getQueryString();
        if (query != null && !query.equals("options=keyValues")) {
            return null;
        }
        String path = request.getRequestURI();
        if (!path.startsWith(PREFIX) || path.length() == PREFIX.length()) {
            return null;
        }
        for (int i = PREFIX.length(); i < path.length(); i++) {
            if (!plain(path.charAt(i))) {
                return null;
            }
        }
        int dot = path.lastIndexOf('.');
        if (dot >= PREFIX.length() && dot < path.length() - 1) {
            return null; // a "file extension": MVC may add Content-Disposition against reflected file download
        }
        if (!single(request, "Accept", true) || !single(request, "Authorization", false)) {
            return null;
        }
        String accept = request.getHeader("Accept");
        if (accept != null && !accept.equals(JSON) && !accept.equals(LD_JSON) && !accept.equals("*/*")) {
            return null;
        }
        for (String header : REFUSED_HEADERS) {
            if (request.getHeader(header) != null) {
                return null;
            }
        }
        return path.substring(PREFIX.length());
    }

    /** Letters, digits and the URI characters that stand for themselves in a path segment, but ';'. */
    private static boolean plain(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == ':' || c == '-' || c == '.' || c == '_' || c == '~' || c == '@' || c == '!' || c == '$'
                || c == '\'' || c == '(' || c == ')' || c == '*' || c == '+' || c == ',' || c == '=';
    }

    /** Whether the request has {@code name} at most once (and, unless {@code optional}, once). */
    private static boolean single(HttpServletRequest request, String name, boolean optional) {
        Enumeration<String> values = request.getHeaders(name);
        if (!values.hasMoreElements()) {
            return optional;
        }
        values.nextElement();
        return !values.hasMoreElements();
    }

    /** Requests answered here since start. */
    long served() {
        return served.sum();
    }
}
