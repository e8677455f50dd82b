package org.citybrain.server.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.citybrain.server.ServerClient;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The NGSI-LD query language over HTTP (ETSI GS CIM 009 clause 4.9): {@code GET /entities?type=T&q=...}
 * on three entities of a type of their own, A, B and C. Each row is a query and the entities it
 * selects. The grammar's corner cases are unit-tested in the hub ({@code QueryTest}); these
 * prove the same rules end to end, through URI decoding, term expansion and the store.
 *
 * <pre>
 * A: speed 42.5 (unitCode KMH, observedAt 2024-05-01T08:00Z, accuracy 0.9), laneDirection "forward",
 *    congested false, category ["urban","arterial"], vehicle {brand:{name:"Mercedes"},axles:2},
 *    refRoad -> RoadSegment:A7, dateObserved "2024-05-01T08:00:00+02:00", label "42"
 * B: speed 10, laneDirection "backward", congested true, category ["highway"],
 *    vehicle {brand:{name:"Audi"},axles:3}, refRoad -> RoadSegment:B1, dateObserved "2024-05-02T08:00:00Z", label "x"
 * C: speed "fast", label 42
 * </pre>
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class QueryLanguageConformanceIT extends QueryConformance {
    private final String type = freshType("Flow");
    private final Map<String, String> ids = Map.of("A", id(type), "B", id(type), "C", id(type));

    @BeforeAll
    void entities() {
        client = new ServerClient(port);
        create(entity(ids.get("A"), type, String.join(",",
                "\"speed\":{\"type\":\"Property\",\"value\":42.5,\"unitCode\":\"KMH\",\"observedAt\":\"2024-05-01T08:00:00Z\","
                        + property("accuracy", "0.9") + "}",
                property("laneDirection", "\"forward\""), property("congested", "false"),
                property("category", "[\"urban\",\"arterial\"]"),
                property("vehicle", "{\"brand\":{\"name\":\"Mercedes\"},\"axles\":2}"),
                relationship("refRoad", "urn:ngsi-ld:RoadSegment:A7"),
                property("dateObserved", "\"2024-05-01T08:00:00+02:00\""), property("label", "\"42\""))));
        create(entity(ids.get("B"), type, String.join(",", property("speed", "10"),
                property("laneDirection", "\"backward\""), property("congested", "true"),
                property("category", "[\"highway\"]"), property("vehicle", "{\"brand\":{\"name\":\"Audi\"},\"axles\":3}"),
                relationship("refRoad", "urn:ngsi-ld:RoadSegment:B1"),
                property("dateObserved", "\"2024-05-02T08:00:00Z\""), property("label", "\"x\""))));
        create(entity(ids.get("C"), type, String.join(",", property("speed", "\"fast\""), property("label", "42"))));
    }

    /** The entities of this class that {@code q} selects, by their letters, sorted. */
    private String selected(String q) {
        List<String> found = ids(query("type", type, "q", q, "limit", "10"));
        List<String> letters = new ArrayList<>();
        ids.forEach((letter, id) -> {
            if (found.contains(id)) {
                letters.add(letter);
            }
        });
        return String.join(" ", letters.stream().sorted().toList());
    }

    private void assertSelects(String q, String expected) {
        assertThat(selected(q)).as("q=%s", q).isEqualTo(expected == null ? "" : expected);
    }

    /** 4.9: a term that is only an attribute path matches entities that have the target element; ! negates. */
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '¦', nullValues = "none", textBlock = """
            speed ¦ A B C
            laneDirection ¦ A B
            !laneDirection ¦ C
            refRoad ¦ A B
            speed.accuracy ¦ A
            nothing ¦ none
            """)
    void anAttributePathAloneMatchesEntitiesThatHaveItsTarget(String q, String expected) {
        assertSelects(q, expected);
    }

    /** 4.9: == matches an identical value or a member of an array value; other data types do not match. */
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '¦', nullValues = "none", textBlock = """
            speed==42.5 ¦ A
            speed==10 ¦ B
            laneDirection=="forward" ¦ A
            category=="arterial" ¦ A
            congested==false ¦ A
            label=="42" ¦ A
            label==42 ¦ C
            speed=="10" ¦ none
            """)
    void equalMatchesAnIdenticalValueOrAMemberOfAnArrayOfTheSameDataType(String q, String expected) {
        assertSelects(q, expected);
    }

    /** 4.9: != needs the target; it matches other values, arrays without the value, and values of another data type. */
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '¦', nullValues = "none", textBlock = """
            speed!=42.5 ¦ B C
            category!="urban" ¦ B
            laneDirection!="forward" ¦ B
            congested!=false ¦ B
            label!="42" ¦ B C
            """)
    void unequalMatchesOtherValuesArraysWithoutItAndOtherDataTypes(String q, String expected) {
        assertSelects(q, expected);
    }

    /** 4.9: >, >=, <, <= compare values of the same data type only (numbers, strings lexicographically). */
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '¦', nullValues = "none", textBlock = """
            speed>20 ¦ A
            speed>=42.5 ¦ A
            speed<=42.5 ¦ A B
            speed<10 ¦ none
            laneDirection>"c" ¦ A
            speed<"zzz" ¦ C
            """)
    void orderingOperatorsCompareValuesOfTheSameDataTypeOnly(String q, String expected) {
        assertSelects(q, expected);
    }

    /** 4.9: a range matches values between its ends, both included; with != values outside it. */
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '¦', nullValues = "none", textBlock = """
            speed==10..42.5 ¦ A B
            speed==11..42 ¦ none
            speed!=11..42 ¦ A B C
            laneDirection=="a".."c" ¦ B
            """)
    void aRangeMatchesValuesBetweenItsEndsBothIncluded(String q, String expected) {
        assertSelects(q, expected);
    }

    /** 4.9: a value list matches any of its values (an array: any member); with != none of them. */
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '¦', nullValues = "none", textBlock = """
            speed==1,10,100 ¦ B
            laneDirection=="backward","sideways" ¦ B
            category=="highway","urban" ¦ A B
            speed!=10,42.5 ¦ C
            """)
    void aValueListMatchesAnyOfItsValues(String q, String expected) {
        assertSelects(q, expected);
    }

    /** 4.9: ~= and !~= apply a regular expression to string targets; any other target does not match. */
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '¦', nullValues = "none", textBlock = """
            laneDirection~=^for ¦ A
            laneDirection~=ward$ ¦ A B
            category~=^arter ¦ A
            speed~=4 ¦ none
            laneDirection!~=^for ¦ B
            speed!~=x ¦ C
            """)
    void patternOperatorsMatchStringTargetsOnly(String q, String expected) {
        assertSelects(q, expected);
    }

    /** 4.9: ; is AND, | is OR, AND takes precedence over OR, and parentheses associate terms first. */
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '¦', nullValues = "none", textBlock = """
            speed>20|congested==true ¦ A B
            speed>20;congested==true ¦ none
            congested==true|speed>20;congested==false ¦ A B
            (congested==true|speed>20);congested==false ¦ A
            ((speed>20|speed<0);(label=="42")) ¦ A
            """)
    void andTakesPrecedenceOverOrAndParenthesesAssociateTerms(String q, String expected) {
        assertSelects(q, expected);
    }

    /** 4.9: a dotted path reaches sub-attributes and an attribute's observedAt and unitCode. */
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '¦', nullValues = "none", textBlock = """
            speed.accuracy>0.5 ¦ A
            speed.observedAt>=2024-05-01T00:00:00Z ¦ A
            speed.observedAt<2024-05-01T00:00:00Z ¦ none
            speed.unitCode=="KMH" ¦ A
            """)
    void aDottedPathReachesSubAttributes(String q, String expected) {
        assertSelects(q, expected);
    }

    /** 4.9: a trailing [path] reaches members of a compound value; a member that is not there is no target. */
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '¦', nullValues = "none", textBlock = """
            vehicle[brand.name]=="Audi" ¦ B
            vehicle[axles]>2 ¦ B
            vehicle[brand.name]!="Audi" ¦ A
            vehicle[colour] ¦ none
            vehicle[colour]!="red" ¦ none
            """)
    void bracketsReachMembersOfACompoundValue(String q, String expected) {
        assertSelects(q, expected);
    }

    /** 4.9: a Relationship's target is its object, compared as a URI with == and != only. */
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '¦', nullValues = "none", textBlock = """
            refRoad=="urn:ngsi-ld:RoadSegment:A7" ¦ A
            refRoad==urn:ngsi-ld:RoadSegment:B1 ¦ B
            refRoad!="urn:ngsi-ld:RoadSegment:A7" ¦ B
            refRoad=="urn:ngsi-ld:RoadSegment:A7","urn:ngsi-ld:RoadSegment:B1" ¦ A B
            refRoad>"urn:a" ¦ none
            refRoad~=RoadSegment ¦ none
            """)
    void aRelationshipMatchesByItsObjectWithEqualityOperatorsOnly(String q, String expected) {
        assertSelects(q, expected);
    }

    /** 4.9: date-times compare in time order, whatever their offsets. */
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '¦', nullValues = "none", textBlock = """
            dateObserved==2024-05-01T06:00:00Z ¦ A
            dateObserved>2024-05-01T12:00:00Z ¦ B
            dateObserved<2024-05-01T08:00:00+02:00 ¦ none
            """)
    void dateTimesCompareTemporally(String q, String expected) {
        assertSelects(q, expected);
    }

    /** 4.9 and 5.5.7: the names in q are terms, expanded with the request's @context like the entity's own. */
    @Test
    void attributeNamesInQAreExpandedWithTheRequestsContext() {
        assertTermsAreExpandedWithTheLinkedContext("q", "averageVehicleSpeed>50");
    }

    /** 4.9 and 5.7.2.4: a q that is not in the grammar is BadRequestData, saying where. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '¦', textBlock = """
            speed>>1
            speed==
            (speed>1
            speed=="open
            speed~=(
            ;speed
            speed>1;
            """)
    void aQueryOutsideTheGrammarIsBadRequestData(String q) {
        ServerClient.Response r = query("type", type, "q", q);
        assertThat(problem(r, 400, "BadRequestData").get("detail").asText()).contains("at ");
    }
}
