package org.citybrain.server.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates a request by its {@code Authorization: Bearer <token>} header against the
 * {@link UserRegistry}. A user gets the authorities of its role and of every role it includes.
 * A token that is not a user's leaves the request anonymous: device tokens are checked by the
 * ingestor on the telemetry endpoints, and every other endpoint then answers 401.
 */
public final class BearerTokenFilter extends OncePerRequestFilter {
    private static final String PREFIX = "Bearer ";

    private final UserRegistry users;

    BearerTokenFilter(UserRegistry users) {
        this.users = users;
    }

    /** The bearer token of a request, if it carries one. */
    public static Optional<String> token(HttpServletRequest request) {
        String header = request.getHeader("Authorization");
        if (header == null || !header.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            return Optional.empty();
        }
        String token = header.substring(PREFIX.length()).trim();
        return token.isEmpty() ? Optional.empty() : Optional.of(token);
    }

    /**
     * Also authenticates the async dispatch that ends a streamed response (the dashboard's
     * server-sent events), which the authorization rules check again like any request.
     */
    @Override
    protected boolean shouldNotFilterAsyncDispatch() {
        return false;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        token(request).flatMap(users::authenticate).ifPresent(user -> {
            List<SimpleGrantedAuthority> authorities = Arrays.stream(Role.values()).filter(user.role()::includes)
                    .map(r -> new SimpleGrantedAuthority(r.authority())).toList();
            var authentication = UsernamePasswordAuthenticationToken.authenticated(user, null, authorities);
            SecurityContextHolder.getContext().setAuthentication(authentication);
        });
        chain.doFilter(request, response);
    }
}
