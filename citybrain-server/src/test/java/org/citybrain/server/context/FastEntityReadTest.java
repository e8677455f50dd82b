package org.citybrain.server.context;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.DispatcherType;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

/** Which requests {@link FastEntityRead} takes; everything else must go on to the normal chain. */
class FastEntityReadTest {
    private static final String PATH = "/ngsi-ld/v1/entities/urn:ngsi-ld:Sensor:1";

    private static MockHttpServletRequest get(String path) {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", path);
        request.addHeader("Authorization", "Bearer some-token");
        return request;
    }

    @Test
    void aPlainRetrievalByIdIsTakenInBothFormatsAndEachPlainAccept() {
        assertThat(FastEntityRead.handledId(get(PATH))).isEqualTo("urn:ngsi-ld:Sensor:1");
        MockHttpServletRequest keyValues = get(PATH);
        keyValues.setQueryString("options=keyValues");
        assertThat(FastEntityRead.handledId(keyValues)).isEqualTo("urn:ngsi-ld:Sensor:1");
        for (String accept : new String[] {"application/json", "application/ld+json", "*/*"}) {
            MockHttpServletRequest request = get(PATH);
            request.addHeader("Accept", accept);
            assertThat(FastEntityRead.handledId(request)).as(accept).isEqualTo("urn:ngsi-ld:Sensor:1");
        }
    }

    @Test
    void otherMethodsQueriesAndPathsGoOn() {
        MockHttpServletRequest head = get(PATH);
        head.setMethod("HEAD");
        assertThat(FastEntityRead.handledId(head)).isNull();
        for (String query : new String[] {"options=sysAttrs", "attrs=temperature", "options=keyValues&attrs=a", "options=keyValues,sysAttrs", ""}) {
            MockHttpServletRequest request = get(PATH);
            request.setQueryString(query);
            assertThat(FastEntityRead.handledId(request)).as(query).isNull();
        }
        for (String path : new String[] {"/ngsi-ld/v1/entities/", "/ngsi-ld/v1/entities/urn:a%3Ab", "/ngsi-ld/v1/entities/urn:a/attrs",
            "/ngsi-ld/v1/entities/urn:a;x=1", "/ngsi-ld/v1/entities/urn:a:sensor.json", "/ngsi-ld/v1/entities/urn:a b",
            "/ngsi-ld/v1/entitiesx/urn:a", "/ngsi-ld/v1/types/urn:a"}) {
            assertThat(FastEntityRead.handledId(get(path))).as(path).isNull();
        }
        MockHttpServletRequest error = get(PATH);
        error.setDispatcherType(DispatcherType.ERROR);
        assertThat(FastEntityRead.handledId(error)).isNull();
        MockHttpServletRequest secure = get(PATH);
        secure.setSecure(true);
        assertThat(FastEntityRead.handledId(secure)).isNull();
    }

    @Test
    void headersTheApiWouldActOnGoOn() {
        for (String[] header : new String[][] {{"Link", "<https://example.org/c.jsonld>; rel=\"http://www.w3.org/ns/json-ld#context\""},
            {"Accept", "text/html"}, {"Accept", "application/json, application/ld+json"}, {"Accept", "application/json;q=0.5"},
            {"Origin", "http://example.org"}, {"If-None-Match", "\"x\""}, {"If-Modified-Since", "Sat, 29 Nov 2026 00:00:00 GMT"}}) {
            MockHttpServletRequest request = get(PATH);
            request.addHeader(header[0], header[1]);
            assertThat(FastEntityRead.handledId(request)).as(header[0] + ": " + header[1]).isNull();
        }
        MockHttpServletRequest twoAccepts = get(PATH);
        twoAccepts.addHeader("Accept", "application/json");
        twoAccepts.addHeader("Accept", "application/ld+json");
        assertThat(FastEntityRead.handledId(twoAccepts)).isNull();
        assertThat(FastEntityRead.handledId(new MockHttpServletRequest("GET", PATH))).as("no Authorization").isNull();
    }
}
