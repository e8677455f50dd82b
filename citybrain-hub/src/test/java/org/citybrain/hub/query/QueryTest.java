package org.citybrain.hub.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.citybrain.hub.entity.AttributeMeta;
import org.citybrain.hub.entity.BadRequestDataException;
import org.citybrain.hub.entity.Entity;
import org.citybrain.hub.entity.EntityJson;
import org.citybrain.hub.entity.ErrorCode;
import org.citybrain.hub.entity.Property;
import org.citybrain.hub.entity.Relationship;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The NGSI-LD query language (clause 4.9), one rule per test, on a traffic flow observation. */
class QueryTest {

    /** speed 42.5 (observed 2024-05-01T08:00Z, unit KMH, sub-attribute accuracy 0.9), ... */
    static final Entity FLOW = Entity.of("urn:ngsi-ld:TrafficFlowObserved:1", "TrafficFlowObserved")
            .withAttribute("speed", Property.of(42.5).withUnitCode("KMH").withMeta(new AttributeMeta(
                    Optional.of(Instant.parse("2024-05-01T08:00:00Z")), Optional.empty(),
                    Map.of("accuracy", Property.of(0.9)), Optional.empty(), Optional.empty())))
            .withAttribute("intensity", Property.of(197))
            .withAttribute("laneDirection", Property.of("forward"))
            .withAttribute("note", Property.of("Caf\u00e9 \"centre\"\nend"))
            .withAttribute("congested", Property.of(false))
            .withAttribute("dateObserved", Property.of("2024-05-01T08:00:00+02:00"))
            .withAttribute("category", Property.of(json("[\"urban\", \"arterial\"]")))
            .withAttribute("vehicle", Property.of(json("{\"brand\": {\"name\": \"Mercedes\"}, \"axles\": 2}")))
            .withAttribute("refRoadSegment", Relationship.to("urn:ngsi-ld:RoadSegment:A7"))
            .withAttribute("refDevices", Relationship.toAll(List.of(URI.create("urn:ngsi-ld:Device:1"),
                    URI.create("urn:ngsi-ld:Device:2"))));

    static JsonNode json(String text) {
        return EntityJson.parse(text);
    }

    static boolean matches(String q) {
        return Query.parse(q, Function.identity()).test(FLOW);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '¦', textBlock = """
            speed==42.5 ¦ true
            speed==42.50 ¦ true
            intensity==197 ¦ true
            intensity==197.0 ¦ true
            speed!=42.5 ¦ false
            speed!=40 ¦ true
            speed>42 ¦ true
            speed>42.5 ¦ false
            speed>=42.5 ¦ true
            speed<43 ¦ true
            speed<=42.4 ¦ false
            intensity>"100" ¦ false
            """)
    void numbersCompareAsNumbersAndNeverWithStrings(String q, boolean expected) {
        assertThat(matches(q)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '¦', textBlock = """
            laneDirection=="forward" ¦ true
            laneDirection=="Forward" ¦ false
            laneDirection!="backward" ¦ true
            laneDirection>"f" ¦ true
            laneDirection<"f" ¦ false
            laneDirection==42 ¦ false
            """)
    void quotedStringsCompareExactlyAndLexicographically(String q, boolean expected) {
        assertThat(matches(q)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '¦', textBlock = """
            congested==false ¦ true
            congested==true ¦ false
            congested!=true ¦ true
            congested>false ¦ false
            """)
    void booleansOnlyCompareForEquality(String q, boolean expected) {
        assertThat(matches(q)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '¦', textBlock = """
            dateObserved==2024-05-01T06:00:00Z ¦ true
            dateObserved>2024-05-01T05:59:59Z ¦ true
            dateObserved<2024-05-01T07:00:00+02:00 ¦ false
            dateObserved=="2024-05-01T06:00:00Z" ¦ false
            """)
    void unquotedDateTimesCompareAsInstantsQuotedOnesAsText(String q, boolean expected) {
        assertThat(matches(q)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '¦', textBlock = """
            speed==40..45 ¦ true
            speed==42.5..45 ¦ true
            speed==43..45 ¦ false
            speed!=43..45 ¦ true
            laneDirection=="a".."g" ¦ true
            dateObserved==2024-05-01T00:00:00Z..2024-05-02T00:00:00Z ¦ true
            """)
    void rangesIncludeBothEnds(String q, boolean expected) {
        assertThat(matches(q)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '¦', textBlock = """
            intensity==1,197,300 ¦ true
            intensity==1,2,3 ¦ false
            intensity!=1,2,3 ¦ true
            intensity!=1,197 ¦ false
            laneDirection=="backward","forward" ¦ true
            """)
    void valueListsMatchAnyOfTheirValues(String q, boolean expected) {
        assertThat(matches(q)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '¦', textBlock = """
            laneDirection~=^for ¦ true
            laneDirection~=ward$ ¦ true
            laneDirection~=^ward ¦ false
            laneDirection~=(?i)FORW ¦ true
            laneDirection!~=back ¦ true
            laneDirection!~=forw ¦ false
            laneDirection~=(back|for)ward ¦ true
            laneDirection~="a|o" ¦ true
            speed~=42 ¦ false
            """)
    void patternsAreFoundAnywhereInTextValues(String q, boolean expected) {
        assertThat(matches(q)).isEqualTo(expected);
    }

    /** Clause 4.9: both pattern operators fail on a target that is not a string. */
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '¦', textBlock = """
            speed!~=x ¦ false
            congested!~=x ¦ false
            missing!~=x ¦ false
            category!~=high ¦ true
            category!~=urb ¦ false
            speed.unitCode!~=MPH ¦ true
            """)
    void doesNotMatchPatternNeedsATextTarget(String q, boolean expected) {
        assertThat(matches(q)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '¦', textBlock = """
            speed;intensity ¦ true
            speed;missing ¦ false
            missing|intensity ¦ true
            missing|absent ¦ false
            missing;speed|intensity ¦ true
            intensity|missing;absent ¦ true
            (intensity|missing);absent ¦ false
            ((speed>40));(intensity<100|congested==false) ¦ true
            """)
    void andBindsTighterThanOrAndParenthesesGroup(String q, boolean expected) {
        assertThat(matches(q)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '¦', textBlock = """
            speed ¦ true
            missing ¦ false
            !missing ¦ true
            !speed ¦ false
            speed.accuracy ¦ true
            speed.precision ¦ false
            vehicle[axles] ¦ true
            vehicle[wheels] ¦ false
            speed.observedAt ¦ true
            intensity.observedAt ¦ false
            """)
    void aBarePathTestsExistenceAndABangItsAbsence(String q, boolean expected) {
        assertThat(matches(q)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '¦', textBlock = """
            missing!=3 ¦ false
            missing!~=abc ¦ false
            missing.observedAt!=2024-01-01T00:00:00Z ¦ false
            """)
    void aMissingTargetMatchesNoOperatorNotEvenTheNegatedOnes(String q, boolean expected) {
        assertThat(matches(q)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '¦', textBlock = """
            speed.accuracy>0.8 ¦ true
            speed.accuracy>0.95 ¦ false
            speed.observedAt==2024-05-01T08:00:00Z ¦ true
            speed.observedAt>2024-05-01T09:00:00Z ¦ false
            speed.unitCode=="KMH" ¦ true
            """)
    void subAttributesAndMetadataAreReachedWithADot(String q, boolean expected) {
        assertThat(matches(q)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '¦', textBlock = """
            vehicle[brand.name]=="Mercedes" ¦ true
            vehicle[brand][name]=="Mercedes" ¦ true
            vehicle[brand.name]=="Audi" ¦ false
            vehicle[axles]>=2 ¦ true
            """)
    void bracketsReachMembersOfCompoundValues(String q, boolean expected) {
        assertThat(matches(q)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '¦', textBlock = """
            refRoadSegment=="urn:ngsi-ld:RoadSegment:A7" ¦ true
            refRoadSegment==urn:ngsi-ld:RoadSegment:A7 ¦ true
            refRoadSegment=="urn:ngsi-ld:RoadSegment:B1" ¦ false
            refDevices=="urn:ngsi-ld:Device:2" ¦ true
            refDevices!="urn:ngsi-ld:Device:2" ¦ false
            """)
    void relationshipsCompareByTheirObjects(String q, boolean expected) {
        assertThat(matches(q)).isEqualTo(expected);
    }

    /** Clause 4.9: a Relationship with any operator but equal or unequal does not match. */
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '¦', textBlock = """
            refRoadSegment~=RoadSegment ¦ false
            refRoadSegment!~=Nothing ¦ false
            refRoadSegment>"urn:a" ¦ false
            refRoadSegment<="urn:z" ¦ false
            refRoadSegment!="urn:ngsi-ld:RoadSegment:B1" ¦ true
            """)
    void aRelationshipAnswersOnlyTheEqualityOperators(String q, boolean expected) {
        assertThat(matches(q)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '¦', textBlock = """
            category=="arterial" ¦ true
            category=="highway" ¦ false
            category!="highway" ¦ true
            category!="urban" ¦ false
            """)
    void anArrayValueMatchesWhenAnyElementDoes(String q, boolean expected) {
        assertThat(matches(q)).isEqualTo(expected);
    }

    @Test
    void attributeAndSubAttributeNamesAreExpandedButMetadataAndMemberKeysAreNot() {
        String ns = "https://example.org/";
        Entity expanded = Entity.of("urn:ngsi-ld:X:1", ns + "X")
                .withAttribute(ns + "speed", Property.of(3).withMeta(new AttributeMeta(
                        Optional.of(Instant.EPOCH), Optional.empty(), Map.of(ns + "accuracy", Property.of(0.5)),
                        Optional.empty(), Optional.empty())))
                .withAttribute(ns + "vehicle", Property.of(json("{\"axles\": 2}")));
        Function<String, String> expand = term -> ns + term;

        assertThat(Query.parse("speed==3;speed.accuracy==0.5;speed.observedAt==1970-01-01T00:00:00Z;vehicle[axles]==2",
                expand).test(expanded)).isTrue();
        assertThat(Query.parse("speed==3", Function.identity()).test(expanded)).isFalse();
    }

    /** Clause 4.9: a quoted string is a JSON string (RFC 8259), escapes included; a quoted pattern keeps its backslashes. */
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '¦', quoteCharacter = '`', textBlock = """
            note=="Caf\u00e9 \\"centre\\"\\nend" ¦ true
            note=="Caf\\u00e9 \\"centre\\"\\nend" ¦ true
            note=="Caf\\u00E9 \\"centre\\"\\u000aend" ¦ true
            note=="Caf\u00e9 \\"centre\\" end" ¦ false
            note~="\\"centre\\"" ¦ true
            note~="^Caf.\\s" ¦ true
            note~="\\d" ¦ false
            """)
    void quotedStringsAreJsonStrings(String q, boolean expected) {
        assertThat(matches(q)).isEqualTo(expected);
    }

    @Test
    void aParsedQueryIsReusableAndSaysWhatItWas() {
        Query query = Query.parse("speed>40;intensity<300", Function.identity());

        assertThat(query.test(FLOW)).isTrue();
        assertThat(query.test(FLOW.withAttribute("speed", Property.of(10)))).isFalse();
        assertThat(query.and(e -> false).test(FLOW)).isFalse();
        assertThat(query).hasToString("speed>40;intensity<300");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '¦', quoteCharacter = '`', textBlock = """
            speed 3 ¦ q: at 5: expected an operator after 'speed' (==, !=, >, >=, <, <=, ~=, !~=)
            (speed 3) ¦ q: at 6: expected an operator after 'speed' (==, !=, >, >=, <, <=, ~=, !~=)
            speed> ¦ q: at 6: expected a value
            ;speed ¦ q: at 0: expected an attribute name
            speed>3; ¦ q: at 8: expected an attribute name
            (speed>3 ¦ q: at 8: expected ')' to close the '(' before
            speed>3) ¦ q: at 7: expected ';', '|' or the end of the query, found ')'
            speed>abc ¦ q: at 6: expected a value (a number, a "string", true, false, a date-time, a date, a time or a URI), found 'abc'
            name=="open ¦ q: at 6: string not closed: expected '"'
            speed>1..5 ¦ q: at 6: a range goes only with == or !=
            speed<1,2 ¦ q: at 7: a list of values goes only with == or !=
            speed~=a(b ¦ q: at 10: invalid regular expression: Unclosed group
            at>2024-05-01T08:00:00 ¦ q: at 3: a date-time needs Z or an offset: 2024-05-01T08:00:00
            speed.observedAt[x]==1 ¦ q: at 0: metadata have no members: speed.observedAt[x]
            speed[]==1 ¦ q: at 6: expected a member name inside '[...]'
            name=="a\\qb" ¦ q: at 8: invalid escape '\\q' in a string (JSON escapes: \\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)
            name=="a\\u12" ¦ q: at 8: expected four hexadecimal digits after \\u
            """)
    void anInvalidQueryIsBadRequestDataSayingWhereAndWhatWasExpected(String q, String message) {
        assertThatThrownBy(() -> Query.parse(q, Function.identity()))
                .isInstanceOfSatisfying(BadRequestDataException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_QUERY);
                    assertThat(e.jsonPath()).isEqualTo("q");
                    assertThat(e.getMessage()).isEqualTo(message);
                });
    }
}
