package org.citybrain.server.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import org.apache.catalina.Host;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

/**
 * The errors Tomcat answers itself, before any of the server's code sees the request (a request
 * line it cannot parse, a character a query may not hold), as the ProblemDetails JSON every other
 * error is, instead of Tomcat's HTML page. The query characters that NGSI-LD clients commonly send
 * unencoded ({@code coordinates=[13.4,52.5]}, {@code q=speed>30}, {@code q=name=="A"}) are let
 * through (server.tomcat.relaxed-query-chars) and read as if encoded.
 */
@Configuration(proxyBeanMethods = false)
class TomcatErrors {

    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> problemErrorReports() {
        return factory -> factory.addContextCustomizers(context -> {
            if (context.getParent() instanceof Host host) {
                host.getPipeline().addValve(new ProblemReportValve());
            }
        });
    }

    /** Reports an error response that nothing has written a body for as {@code about:blank} ProblemDetails. */
    static final class ProblemReportValve extends ErrorReportValve {
        private static final ObjectMapper JSON = new ObjectMapper();

        ProblemReportValve() {
            setShowReport(false);
            setShowServerInfo(false);
        }

        @Override
        protected void report(Request request, Response response, Throwable throwable) {
            int code = response.getStatus();
            if (code < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
                return;
            }
            HttpStatus status = HttpStatus.resolve(code);
            if (status == null) {
                return;
            }
            String detail = status == HttpStatus.BAD_REQUEST
                    ? "the request is not valid HTTP (e.g. a space or a control character not percent-encoded in its path or query)"
                    : status.getReasonPhrase();
            try {
                response.setContentType(MediaType.APPLICATION_JSON_VALUE);
                response.setCharacterEncoding(StandardCharsets.UTF_8.name());
                Writer writer = response.getReporter();
                if (writer != null) {
                    writer.write(JSON.writeValueAsString(Problems.plain(status, detail)));
                    response.finishResponse();
                }
            } catch (IOException | IllegalStateException e) {
                // the connection is gone or the response committed: nothing more to say
            }
        }
    }
}
