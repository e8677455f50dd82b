package org.citybrain.server.security;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.header.HeaderWriterFilter;

/**
 * The API's read permission for code that answers a request before Spring Security's filter chain
 * runs (the fast entity retrieval of the {@code context} package). It takes the same decision as
 * the chain, from the same parts: the bearer token of {@link BearerTokenFilter#token}, looked up
 * in the {@link UserRegistry}, and the role {@link #READ_ROLE} that {@link SecurityConfiguration}
 * requires for a GET under {@code /ngsi-ld/v1}. It only says yes: a request it does not allow
 * goes on through the chain, which answers 401 or 403 as for any other call.
 */
public final class ReadAccess {
    /** The least role that may read the context ({@code GET /ngsi-ld/v1/**}). */
    public static final Role READ_ROLE = Role.VIEWER;

    private final UserRegistry users;
    private final Filter headers;

    /**
     * @param chain the API's security chain, whose response headers ({@link HeaderWriterFilter}:
     *              {@code Cache-Control}, {@code X-Content-Type-Options}, ...) an answer gets too
     */
    ReadAccess(UserRegistry users, SecurityFilterChain chain) {
        this.users = users;
        List<Filter> writers = chain.getFilters().stream().filter(HeaderWriterFilter.class::isInstance).toList();
        this.headers = writers.isEmpty() ? (request, response, next) -> next.doFilter(request, response) : writers.get(0);
    }

    /** Whether the request carries the token of a user whose role may read the context. */
    public boolean allowsRead(HttpServletRequest request) {
        return BearerTokenFilter.token(request).flatMap(users::authenticate).filter(u -> u.role().includes(READ_ROLE))
                .isPresent();
    }

    /** Has {@code answer} write the response with the security chain's response headers on it. */
    public void answer(HttpServletRequest request, HttpServletResponse response, FilterChain answer)
            throws IOException, ServletException {
        headers.doFilter(request, response, answer);
    }
}
