package org.citybrain.server.security;

import java.io.PrintStream;
import org.citybrain.server.ServerSettings;
import org.citybrain.server.SettingException;
import org.citybrain.server.hub.Storage;
import org.citybrain.server.web.Problems;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;

/**
 * Who may call what. Denied unless a rule below allows it; the matrix is in docs/server.md and
 * {@code AccessMatrixTest} checks every row.
 *
 * <ul>
 *   <li>public: {@code GET /actuator/health}, the OpenAPI description and its UI, the dashboard's
 *       page and static files ({@code /}, {@code /dashboard/**}, {@code /webjars/**}: they hold no
 *       data; the page asks for a token and reads the data through {@code /api/dashboard})</li>
 *   <li>devices: {@code POST /api/devices/{id}/telemetry} with the device's own token (checked by
 *       the ingestor, not by a role)</li>
 *   <li>VIEWER: every other GET under {@code /ngsi-ld/v1} and {@code /api}, and the metrics</li>
 *   <li>OPERATOR: writes under {@code /ngsi-ld/v1} and {@code /api}</li>
 *   <li>public: Open311 GeoReport v2 under {@code /open311/v2/} (a POST of a request checks its
 *       {@code api_key} itself)</li>
 *   <li>ADMIN: users, Open311 API keys ({@code /api/govern/open311/keys})</li>
 * </ul>
 */
@Configuration
class SecurityConfiguration {
    private static final Logger LOG = LoggerFactory.getLogger(SecurityConfiguration.class);
    static final String ADMIN_NAME = "admin";

    /** The users: {@code citybrain_user} in production mode, else {@code users.json}. */
    @Bean
    UserRegistry userRegistry(ServerSettings settings, Storage storage) {
        UserRegistry users = storage.database().map(db -> UserRegistry.on(new PostgresUsers(db)))
                .orElseGet(() -> UserRegistry.open(settings.dataDir().resolve("users.json")));
        bootstrapAdmin(users, settings, System.out);
        return users;
    }

    /**
     * On first start, creates the administrator with {@code CITYBRAIN_ADMIN_TOKEN} or, without it,
     * a generated token printed this once.
     */
    static void bootstrapAdmin(UserRegistry users, ServerSettings settings, PrintStream out) {
        User admin = new User(ADMIN_NAME, Role.ADMIN);
        if (users.isEmpty()) {
            if (settings.adminToken().isPresent()) {
                int length = settings.adminToken().get().length();
                if (length < UserRegistry.MIN_TOKEN_LENGTH) {
                    throw new SettingException("CITYBRAIN_ADMIN_TOKEN (citybrain.admin-token) needs at least "
                            + UserRegistry.MIN_TOKEN_LENGTH + " characters; the one set has " + length);
                }
                try {
                    users.add(admin, settings.adminToken().get());
                } catch (IllegalArgumentException e) {
                    if (users.isEmpty()) {
                        throw e;
                    }
                    return; // another server on the same database created it a moment ago
                }
                out.println("Administrator 'admin' created with the token from CITYBRAIN_ADMIN_TOKEN.");
            } else {
                String token = users.add(admin).token();
                out.println("Administrator 'admin' created. Its bearer token, shown this once:");
                out.println();
                out.println("    " + token);
                out.println();
                out.println("Keep it: API calls need 'Authorization: Bearer <token>'. To choose it yourself, start with an empty "
                        + "data directory and CITYBRAIN_ADMIN_TOKEN set.");
            }
        } else if (settings.adminToken().isPresent() && !users.hasToken(ADMIN_NAME, settings.adminToken().get())) {
            LOG.warn("CITYBRAIN_ADMIN_TOKEN is set but is not the administrator token stored in {}; the stored one stays "
                    + "(it applies at first start only)", settings.db().url().isPresent() ? "the database"
                    : settings.dataDir().resolve("users.json"));
        }
    }

    @Bean
    SecurityFilterChain api(HttpSecurity http, UserRegistry users) throws Exception {
        String viewer = ReadAccess.READ_ROLE.name();
        String operator = Role.OPERATOR.name();
        http.csrf(AbstractHttpConfigurer::disable)
                .httpBasic(AbstractHttpConfigurer::disable)
                .formLogin(AbstractHttpConfigurer::disable)
                .logout(AbstractHttpConfigurer::disable)
                .requestCache(AbstractHttpConfigurer::disable)
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .addFilterBefore(new BearerTokenFilter(users), AnonymousAuthenticationFilter.class)
                .exceptionHandling(e -> e
                        .authenticationEntryPoint((request, response, ex) -> Problems.write(response, HttpStatus.UNAUTHORIZED,
                                Problems.plain(HttpStatus.UNAUTHORIZED, BearerTokenFilter.token(request).isPresent()
                                        ? "the bearer token is not valid"
                                        : "this call needs 'Authorization: Bearer <token>'")))
                        .accessDeniedHandler((request, response, ex) -> Problems.write(response, HttpStatus.FORBIDDEN,
                                Problems.plain(HttpStatus.FORBIDDEN, "your role does not allow " + request.getMethod() + " "
                                        + request.getRequestURI()))))
                .authorizeHttpRequests(a -> a
                        .requestMatchers(HttpMethod.GET, "/actuator/health", "/actuator/health/**").permitAll()
                        .requestMatchers(HttpMethod.GET, "/v3/api-docs", "/v3/api-docs/**", "/swagger-ui.html", "/swagger-ui/**")
                        .permitAll()
                        .requestMatchers(HttpMethod.GET, "/", "/index.html", "/dashboard/**", "/webjars/**").permitAll()
                        .requestMatchers(HttpMethod.POST, "/api/devices/*/telemetry").permitAll()
                        .requestMatchers(HttpMethod.GET, "/api/users/me").hasRole(viewer)
                        .requestMatchers("/api/users", "/api/users/**").hasRole(Role.ADMIN.name())
                        .requestMatchers("/api/govern/open311/**").hasRole(Role.ADMIN.name())
                        .requestMatchers(HttpMethod.GET, "/open311/v2/**").permitAll()
                        .requestMatchers(HttpMethod.POST, "/open311/v2/requests.json", "/open311/v2/requests.xml").permitAll()
                        // JSON-LD processors dereference contexts without credentials; adding one changes
                        // what every request means
                        .requestMatchers(HttpMethod.GET, "/ngsi-ld/v1/jsonldContexts/*").permitAll()
                        .requestMatchers("/ngsi-ld/v1/jsonldContexts/*").hasRole(Role.ADMIN.name())
                        .requestMatchers(HttpMethod.POST, "/ngsi-ld/v1/jsonldContexts").hasRole(Role.ADMIN.name())
                        .requestMatchers(HttpMethod.GET, "/ngsi-ld/v1/**", "/api/**", "/actuator/**").hasRole(viewer)
                        // a query with a body is a read too (clause 6.23)
                        .requestMatchers(HttpMethod.POST, "/ngsi-ld/v1/entityOperations/query").hasRole(viewer)
                        .requestMatchers("/ngsi-ld/v1/**", "/api/**").hasRole(operator)
                        .anyRequest().denyAll());
        return http.build();
    }

    /** The same read decision for the fast entity retrieval, which answers before the chain. */
    @Bean
    ReadAccess readAccess(UserRegistry users, SecurityFilterChain api) {
        return new ReadAccess(users, api);
    }
}
