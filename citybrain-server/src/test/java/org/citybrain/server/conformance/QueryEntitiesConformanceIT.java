package org.citybrain.server.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.citybrain.server.ServerClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Query Entities, {@code GET /ngsi-ld/v1/entities} (ETSI GS CIM 009 clauses 5.7.2 and 6.4.3.2): which
 * entities a query selects, the entity type selection language (4.17), the errors of 5.7.2.4, and
 * pagination (5.5.9, 6.3.10) with counting (6.3.13). Every test works on types of its own.
 */
class QueryEntitiesConformanceIT extends QueryConformance {

    /** Creates {@code n} entities of {@code type} in one batch; their ids in id order. */
    private List<String> makeMany(String type, int n) {
        List<String> ids = new ArrayList<>();
        StringBuilder batch = new StringBuilder("[");
        for (int i = 0; i < n; i++) {
            String id = id(type);
            ids.add(id);
            batch.append(i == 0 ? "" : ",").append(entity(id, type, property("rank", Integer.toString(i))));
        }
        ServerClient.Response r = call("POST", "/entityOperations/create", batch.append(']').toString());
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return ids.stream().sorted().toList();
    }

    // ------------------------------------------------------------------ selection (5.7.2)

    /** 5.7.2: type selects the entities of that type, and only them. */
    @Test
    void typeSelectsTheEntitiesOfThatType() {
        String t1 = freshType("Sel");
        String t2 = freshType("Sel");
        String a = make(t1, "");
        String b = make(t1, "");
        make(t2, "");
        assertThat(ids(query("type", t1))).containsExactlyInAnyOrder(a, b);
    }

    /** 4.17: a comma-separated list of types (or |) selects entities of any of them. */
    @Test
    void aListOfTypesSelectsEntitiesOfAnyOfThem() {
        String t1 = freshType("Sel");
        String t2 = freshType("Sel");
        String a = make(t1, "");
        String c = make(t2, "");
        assertThat(ids(query("type", t1 + "," + t2))).containsExactlyInAnyOrder(a, c);
        assertThat(ids(query("type", t1 + "|" + t2))).containsExactlyInAnyOrder(a, c);
    }

    /** 4.17: ; is AND over types and binds tighter than OR; parentheses group (entities here have one type). */
    @Test
    void theTypeSelectionLanguageCombinesTypesWithAndOrAndParentheses() {
        String t1 = freshType("Sel");
        String t2 = freshType("Sel");
        String t3 = freshType("Sel");
        String a = make(t1, "");
        String b = make(t2, "");
        String c = make(t3, "");
        assertThat(ids(query("type", t1 + ";" + t2))).isEmpty();
        assertThat(ids(query("type", "(" + t1 + ";" + t2 + ")," + t3))).containsExactly(c);
        assertThat(ids(query("type", t1 + "," + t2 + ";" + t2))).containsExactlyInAnyOrder(a, b);
        assertThat(ids(query("type", "(" + t1 + "," + t2 + ");" + t2))).containsExactly(b);
        ServerClient.Response counted = query("type", t1 + ";" + t2, "count", "true");
        assertThat(counted.header("NGSILD-Results-Count")).hasValue("0");
    }

    /** 4.17 and 5.7.2.4: a type selection outside the language is BadRequestData. */
    @ParameterizedTest(name = "type={0}")
    @CsvSource(delimiter = '¦', textBlock = """
            (Building
            Building;
            Building)
            """)
    void aTypeSelectionOutsideTheLanguageIsBadRequestData(String type) {
        assertThat(problem(query("type", type), 400, "BadRequestData").get("jsonPath").asText()).isEqualTo("type");
    }

    /** 5.7.2: a type no entity has selects nothing (an empty array, not an error). */
    @Test
    void aTypeNoEntityHasSelectsNothing() {
        ServerClient.Response r = query("type", freshType("Nobody"));
        assertThat(ids(r)).isEmpty();
        assertThat(r.body()).isEqualTo("[]");
    }

    /** 5.7.2: ids select those entities (with the other conditions). */
    @Test
    void idsSelectThoseEntities() {
        String t = freshType("Sel");
        String a = make(t, "");
        make(t, "");
        String c = make(t, "");
        assertThat(ids(query("type", t, "id", a + "," + c))).containsExactlyInAnyOrder(a, c);
    }

    /** 5.7.2.4: an id that is not a URI, or an idPattern that is not a regular expression, is BadRequestData. */
    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '¦', textBlock = """
            id ¦ thisisnotauri,urn:ngsi-ld:X:1
            idPattern ¦ invalid_entity_id_pattern**(
            """)
    void anIdThatIsNotAUriOrAnIdPatternThatIsNoRegularExpressionIsBadRequestData(String parameter, String value) {
        assertThat(problem(query("type", freshType("Sel"), parameter, value), 400, "BadRequestData").get("jsonPath").asText())
                .isEqualTo(parameter);
    }

    /** 5.7.2: idPattern selects the entities whose id the regular expression matches. */
    @Test
    void idPatternSelectsEntitiesWhoseIdMatches() {
        String t = freshType("Sel");
        String prefix = "urn:ngsi-ld:" + t + ":";
        for (String suffix : List.of("alpha-1", "alpha-2", "beta-1")) {
            create(entity(prefix + suffix, t, ""));
        }
        assertThat(ids(query("type", t, "idPattern", prefix + "alpha-.*")))
                .containsExactlyInAnyOrder(prefix + "alpha-1", prefix + "alpha-2");
        assertThat(ids(query("type", t, "idPattern", ".*-1"))).containsExactlyInAnyOrder(prefix + "alpha-1", prefix + "beta-1");
    }

    /** 5.7.2: attrs selects entities with at least one of those attributes, and returns only those attributes. */
    @Test
    void attrsSelectsEntitiesWithAnyOfThemAndReturnsOnlyThem() {
        String t = freshType("Sel");
        String a = make(t, String.join(",", property("speed", "1"), property("name", "\"a\"")));
        String b = make(t, property("intensity", "2"));
        make(t, property("name", "\"c\""));
        ServerClient.Response r = query("type", t, "attrs", "speed,intensity");
        assertThat(ids(r)).containsExactlyInAnyOrder(a, b);
        for (JsonNode e : r.json()) {
            List<String> members = new ArrayList<>();
            e.fieldNames().forEachRemaining(members::add);
            assertThat(members).containsAnyOf("speed", "intensity").doesNotContain("name");
        }
    }

    /** 5.7.2 and 5.5.7: attrs names are terms, expanded with the request's @context. */
    @Test
    void attrsNamesAreExpandedWithTheRequestsContext() {
        assertTermsAreExpandedWithTheLinkedContext("attrs", "averageVehicleSpeed");
    }

    /** 5.7.2.4: attrs naming id or type (not attributes) is BadRequestData. */
    @ParameterizedTest(name = "attrs={0}")
    @CsvSource({"'id,type'", "id", "type", "@context"})
    void attrsNamingSomethingThatIsNotAnAttributeIsBadRequestData(String attrs) {
        assertThat(problem(query("attrs", attrs), 400, "BadRequestData").get("jsonPath").asText()).isEqualTo("attrs");
    }

    /** 5.7.2.4: a query needs type, attrs, q or a geo-query; ids or idPattern alone are BadRequestData. */
    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '¦', textBlock = """
            ''
            id=urn:ngsi-ld:Entity:01,urn:ngsi-ld:Entity:02
            idPattern=urn:ngsi-ld:Entity:.*
            id=urn:ngsi-ld:Entity:01&idPattern=.*
            count=true&limit=0
            """)
    void aQueryWithoutTypeAttrsQOrGeoQueryIsBadRequestData(String parameters) {
        problem(call("GET", "/entities?" + parameters, null), 400, "BadRequestData");
    }

    /** 5.7.2: q alone, attrs alone and a geo-query alone are each enough to query. */
    @Test
    void qAttrsOrAGeoQueryAloneAreEnoughToQuery() {
        String attribute = freshType("mark");
        String t = freshType("Sel");
        String id = make(t, String.join(",", property(attribute, "7"),
                geoProperty("location", "{\"type\":\"Point\",\"coordinates\":[-170.5,-80.25]}")));
        assertThat(ids(query("q", attribute + "==7"))).containsExactly(id);
        assertThat(ids(query("attrs", attribute))).containsExactly(id);
        assertThat(ids(query("georel", "near;maxDistance==1", "geometry", "Point", "coordinates", "[-170.5,-80.25]",
                "limit", "1000"))).contains(id);
    }

    /** 5.7.2: all the conditions given hold together. */
    @Test
    void allTheConditionsOfAQueryHoldTogether() {
        String t = freshType("Sel");
        String a = make(t, property("speed", "60"));
        String b = make(t, property("speed", "70"));
        make(t, property("speed", "10"));
        make(t, property("flow", "70"));
        assertThat(ids(query("type", t, "q", "speed>50", "attrs", "speed"))).containsExactlyInAnyOrder(a, b);
        assertThat(ids(query("type", t, "q", "speed>50", "id", a + "," + id(t)))).containsExactly(a);
        assertThat(ids(query("type", t, "q", "speed>50", "idPattern", Pattern.quote(b)))).containsExactly(b);
    }

    /** 4.19: scopeQ is not supported, and says so (422 OperationNotSupported) rather than being ignored. */
    @Test
    void scopeQIsOperationNotSupported() {
        assertThat(problem(query("type", freshType("Sel"), "scopeQ", "/Madrid/#"), 422, "OperationNotSupported")
                .get("detail").asText()).contains("scopeQ");
    }

    /** 5.7.2 and 6.4.3.2: the answer is a JSON array of entities, application/json by default. */
    @Test
    void theAnswerIsAJsonArrayOfEntities() {
        String t = freshType("Sel");
        String a = make(t, property("speed", "1"));
        ServerClient.Response r = query("type", t);
        assertThat(r.contentType()).hasValueSatisfying(ct -> assertThat(ct).startsWith("application/json"));
        assertThat(r.json().isArray()).isTrue();
        assertThat(r.json().get(0).get("id").asText()).isEqualTo(a);
        assertThat(r.json().get(0).get("type").asText()).isEqualTo(t);
        assertThat(r.json().get(0).get("speed").get("value").asInt()).isEqualTo(1);
    }

    // ------------------------------------------------------------------ pagination (5.5.9, 6.3.10, 6.3.13)

    /** 5.5.9: without limit a page holds the implementation's default (20) at most. */
    @Test
    void withoutLimitAPageHoldsTwentyEntities() {
        String t = freshType("Page");
        makeMany(t, 25);
        assertThat(ids(query("type", t))).hasSize(20);
    }

    /** 5.5.9 and 6.3.10: limit and offset page through all matches in one stable order, each once. */
    @Test
    void limitAndOffsetPageThroughAllMatchesInOneOrderEachOnce() {
        String t = freshType("Page");
        List<String> all = makeMany(t, 7);
        List<String> paged = new ArrayList<>();
        for (int offset = 0; offset < 9; offset += 3) {
            List<String> page = ids(query("type", t, "limit", "3", "offset", Integer.toString(offset)));
            assertThat(page.size()).isLessThanOrEqualTo(3);
            paged.addAll(page);
        }
        assertThat(paged).containsExactlyElementsOf(all);
        assertThat(ids(query("type", t, "limit", "7"))).containsExactlyElementsOf(all);
    }

    /** 5.5.9: an offset past the last match gives an empty page. */
    @Test
    void anOffsetPastTheLastMatchGivesAnEmptyPage() {
        String t = freshType("Page");
        makeMany(t, 2);
        assertThat(ids(query("type", t, "offset", "2"))).isEmpty();
        assertThat(ids(query("type", t, "offset", "1000000"))).isEmpty();
    }

    /** 6.3.13: count=true puts the number of all matches, whatever the page, in NGSILD-Results-Count. */
    @Test
    void countTrueGivesTheNumberOfAllMatchesInTheResultsCountHeader() {
        String t = freshType("Page");
        makeMany(t, 5);
        ServerClient.Response r = query("type", t, "limit", "2", "offset", "1", "count", "true");
        assertThat(ids(r)).hasSize(2);
        assertThat(r.header("NGSILD-Results-Count")).hasValue("5");
        ServerClient.Response filtered = query("type", t, "q", "rank>=3", "count", "true");
        assertThat(filtered.header("NGSILD-Results-Count")).hasValue("2");
    }

    /** 6.3.13: without count=true there is no NGSILD-Results-Count header. */
    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource({"''", "&count=false"})
    void withoutCountTrueThereIsNoResultsCountHeader(String count) {
        String t = freshType("Page");
        makeMany(t, 1);
        assertThat(call("GET", "/entities?type=" + t + count, null).header("NGSILD-Results-Count")).isEmpty();
    }

    /** 6.3.10: limit=0 with count=true gives only the count. */
    @Test
    void limitZeroWithCountGivesOnlyTheCount() {
        String t = freshType("Page");
        makeMany(t, 3);
        ServerClient.Response r = query("type", t, "limit", "0", "count", "true");
        assertThat(ids(r)).isEmpty();
        assertThat(r.header("NGSILD-Results-Count")).hasValue("3");
    }

    /** 6.3.10: limit=0 without count=true is BadRequestData. */
    @Test
    void limitZeroWithoutCountIsBadRequestData() {
        assertThat(problem(query("type", freshType("Page"), "limit", "0"), 400, "BadRequestData").get("jsonPath").asText())
                .isEqualTo("limit");
    }

    /** 5.5.9: a negative limit or offset is BadRequestData. */
    @ParameterizedTest(name = "{0}={1}")
    @CsvSource({"limit, -1", "offset, -1"})
    void aNegativeLimitOrOffsetIsBadRequestData(String parameter, String value) {
        assertThat(problem(query("type", freshType("Page"), parameter, value), 400, "BadRequestData").get("jsonPath")
                .asText()).isEqualTo(parameter);
    }

    /** 5.5.9: a limit above the implementation's maximum (1000) is TooManyResults, 403. */
    @Test
    void aLimitAboveTheMaximumIsTooManyResults() {
        assertThat(ids(query("type", freshType("Page"), "limit", "1000"))).isEmpty();
        JsonNode problem = problem(query("type", freshType("Page"), "limit", "1001"), 403, "TooManyResults");
        assertThat(problem.get("detail").asText()).contains("1000");
    }

    /** 6.3.10: a limit or offset that is not an integer is a bad request (400). */
    @ParameterizedTest(name = "{0}={1}")
    @CsvSource({"limit, ten", "offset, 1.5"})
    void aLimitOrOffsetThatIsNotAnIntegerIs400(String parameter, String value) {
        ServerClient.Response r = query(Map.of(), "type", freshType("Page"), parameter, value);
        assertThat(r.status()).as(r.body()).isEqualTo(400);
        assertThat(r.json().get("type").asText()).startsWith(ERRORS);
    }
}
