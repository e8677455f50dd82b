package org.citybrain.server.context;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.citybrain.hub.entity.ProblemType;
import org.citybrain.server.web.ApiException;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * The server keeps one tenant, the default one (ETSI GS CIM 009 V1.6.1, clause 4.14): a request
 * naming a tenant in {@code NGSILD-Tenant} is refused with NoMultiTenantSupport (501) rather than
 * served from, or written into, the default tenant as if the header were not there.
 */
final class NoTenants implements HandlerInterceptor {
    static final String HEADER = "NGSILD-Tenant";

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        String tenant = request.getHeader(HEADER);
        if (tenant != null && !tenant.isBlank()) {
            throw ApiException.of(ProblemType.NO_MULTI_TENANT_SUPPORT, null, "this broker keeps only the default tenant; "
                    + "send the request without the " + HEADER + " header (it named '" + tenant + "')");
        }
        return true;
    }
}
