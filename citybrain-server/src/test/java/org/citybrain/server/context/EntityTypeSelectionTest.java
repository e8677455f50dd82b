package org.citybrain.server.context;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.TreeSet;
import java.util.function.Function;
import org.citybrain.hub.entity.BadRequestDataException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The entity type selection language (clause 4.17), on entities of one type each. */
class EntityTypeSelectionTest {

    private static String types(String selection) {
        return String.join(" ", new TreeSet<>(EntityTypeSelection.parse(selection, Function.identity())));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '¦', nullValues = "none", textBlock = """
            Building ¦ Building
            Building,Parking ¦ Building Parking
            Building|Parking ¦ Building Parking
            Building;Parking ¦ none
            Building;Building ¦ Building
            (Building;Parking),Tourism ¦ Tourism
            Building;(Parking|Building) ¦ Building
            Building,Parking;Tourism ¦ Building
            (Building,Parking);Parking ¦ Parking
            ((Building)) ¦ Building
            https://example.org/Building,urn:x:Parking ¦ https://example.org/Building urn:x:Parking
            """)
    void orIsTheUnionAndTheIntersectionBindsTighter(String selection, String expected) {
        assertThat(types(selection)).isEqualTo(expected == null ? "" : expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '¦', textBlock = """
            Building,
            ,Building
            (Building
            Building)
            Building;;Parking
            ()
            """)
    void aSelectionOutsideTheLanguageIsBadRequestDataAtType(String selection) {
        assertThatThrownBy(() -> EntityTypeSelection.parse(selection, Function.identity()))
                .isInstanceOf(BadRequestDataException.class).hasMessageStartingWith("type: at ");
    }

    @Test
    void namesAreExpandedWithTheGivenFunction() {
        assertThat(EntityTypeSelection.parse("Building,Parking", name -> "https://example.org/" + name))
                .containsExactlyInAnyOrder("https://example.org/Building", "https://example.org/Parking");
    }
}
