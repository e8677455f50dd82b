package org.citybrain.server.web;

import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.http.HttpServletRequest;
import java.io.UncheckedIOException;
import java.util.Optional;
import org.citybrain.hub.context.ContextException;
import org.citybrain.hub.entity.NgsiLdException;
import org.citybrain.hub.ingest.DeviceAuthenticationException;
import org.citybrain.hub.store.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MissingRequestHeaderException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * Every error the engines or Spring raise, as a ProblemDetails response: the one place where the
 * server maps exceptions to HTTP.
 */
@RestControllerAdvice
class ErrorMapping {
    private static final Logger LOG = LoggerFactory.getLogger(ErrorMapping.class);

    @ExceptionHandler(NgsiLdException.class)
    ResponseEntity<ObjectNode> ngsiLd(NgsiLdException e) {
        HttpStatus status = Problems.status(e.code());
        return Problems.response(status, Problems.body(e.problemType().uri(), e.problemType().title(), status,
                e.getMessage(), Optional.of(e.code().name()), Optional.of(e.jsonPath())));
    }

    @ExceptionHandler(ContextException.class)
    ResponseEntity<ObjectNode> context(ContextException e) {
        HttpStatus status = Problems.status(e.problemType());
        return Problems.response(status, Problems.body(e.problemType().uri(), e.problemType().title(), status,
                e.getMessage(), Optional.empty(), Optional.empty()));
    }

    @ExceptionHandler(ApiException.class)
    ResponseEntity<ObjectNode> api(ApiException e) {
        return Problems.response(e.status(), Problems.body(e.type(), e.title(), e.status(), e.getMessage(),
                Optional.empty(), e.jsonPath()));
    }

    @ExceptionHandler(DeviceAuthenticationException.class)
    ResponseEntity<ObjectNode> device(DeviceAuthenticationException e) {
        return Problems.response(HttpStatus.UNAUTHORIZED, Problems.plain(HttpStatus.UNAUTHORIZED, e.getMessage()));
    }

    @ExceptionHandler(StoreException.class)
    ResponseEntity<ObjectNode> store(StoreException e, HttpServletRequest request) {
        return Problems.storeFailure(request.getMethod(), e);
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<ObjectNode> unreadable(HttpMessageNotReadableException e) {
        return invalidRequest("the body is not the JSON this operation takes: " + rootMessage(e));
    }

    @ExceptionHandler({MissingServletRequestParameterException.class, MissingRequestHeaderException.class,
        MethodArgumentTypeMismatchException.class})
    ResponseEntity<ObjectNode> badParameter(Exception e) {
        return invalidRequest(e.getMessage());
    }

    @ExceptionHandler({HttpMediaTypeNotSupportedException.class, HttpMediaTypeNotAcceptableException.class,
        HttpRequestMethodNotSupportedException.class})
    ResponseEntity<ObjectNode> protocol(Exception e) {
        HttpStatus status = e instanceof HttpMediaTypeNotSupportedException ? HttpStatus.UNSUPPORTED_MEDIA_TYPE
                : e instanceof HttpMediaTypeNotAcceptableException ? HttpStatus.NOT_ACCEPTABLE : HttpStatus.METHOD_NOT_ALLOWED;
        ResponseEntity<ObjectNode> response = Problems.response(status, Problems.plain(status, e.getMessage()));
        if (e instanceof HttpRequestMethodNotSupportedException m && m.getSupportedHttpMethods() != null) {
            // a 405 names the methods the resource has (RFC 9110, 15.5.6)
            return ResponseEntity.status(status).headers(h -> h.setAllow(m.getSupportedHttpMethods()))
                    .contentType(response.getHeaders().getContentType()).body(response.getBody());
        }
        return response;
    }

    @ExceptionHandler(NoResourceFoundException.class)
    ResponseEntity<ObjectNode> noResource(NoResourceFoundException e) {
        HttpStatus status = HttpStatus.NOT_FOUND;
        return Problems.response(status, Problems.plain(status, "no such resource: /" + e.getResourcePath()));
    }

    @ExceptionHandler(UncheckedIOException.class)
    ResponseEntity<ObjectNode> io(UncheckedIOException e) {
        return invalidRequest(e.getMessage() + ": " + rootMessage(e));
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ObjectNode> internal(Exception e) {
        LOG.error("internal error", e);
        HttpStatus status = HttpStatus.INTERNAL_SERVER_ERROR;
        return Problems.response(status, Problems.body(java.net.URI.create("https://uri.etsi.org/ngsi-ld/errors/InternalError"),
                "Internal error", status, "an internal error occurred; it has been logged", Optional.empty(), Optional.empty()));
    }

    private static ResponseEntity<ObjectNode> invalidRequest(String detail) {
        org.citybrain.hub.entity.ProblemType type = org.citybrain.hub.entity.ProblemType.INVALID_REQUEST;
        HttpStatus status = Problems.status(type);
        return Problems.response(status, Problems.body(type.uri(), type.title(), status, detail, Optional.empty(), Optional.empty()));
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return String.valueOf(t.getMessage());
    }
}
