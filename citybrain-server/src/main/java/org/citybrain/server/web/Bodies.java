package org.citybrain.server.web;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.citybrain.hub.entity.ErrorCode;
import org.citybrain.hub.entity.NgsiLdException;

/**
 * Request bodies read with a size limit, so that an oversized body is refused (413) without being
 * held in memory.
 */
public final class Bodies {

    private Bodies() {
    }

    /**
     * The whole body, at most {@code limit} bytes.
     *
     * @throws NgsiLdException {@link ErrorCode#PAYLOAD_TOO_LARGE} if it is longer (by its
     *                         Content-Length or as it turns out while reading)
     */
    public static byte[] read(HttpServletRequest request, int limit) {
        long declared = request.getContentLengthLong();
        if (declared > limit) {
            throw tooLarge(declared + " bytes", limit);
        }
        try (InputStream in = request.getInputStream()) {
            byte[] body = in.readNBytes(limit + 1);
            if (body.length > limit) {
                throw tooLarge("more than " + limit + " bytes", limit);
            }
            return body;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the request body", e);
        }
    }

    private static NgsiLdException tooLarge(String size, int limit) {
        return NgsiLdException.of(ErrorCode.PAYLOAD_TOO_LARGE, "$",
                "the body has " + size + "; the limit is " + limit + " bytes (citybrain.max-body-bytes)");
    }
}
