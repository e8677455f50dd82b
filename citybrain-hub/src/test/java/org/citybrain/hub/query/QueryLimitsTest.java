package org.citybrain.hub.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.function.Function;
import org.citybrain.hub.entity.BadRequestDataException;
import org.citybrain.hub.entity.Entity;
import org.citybrain.hub.entity.ErrorCode;
import org.citybrain.hub.entity.Property;
import org.junit.jupiter.api.Test;

/** Pathological queries are refused or bounded, never a stack overflow or a hang. */
class QueryLimitsTest {
    private static final Entity ENTITY = Entity.of("urn:ngsi-ld:X:1", "X")
            .withAttribute("a", Property.of(1))
            .withAttribute("name", Property.of("a".repeat(40) + "!"));

    @Test
    void nestingUpToTheLimitIsAccepted() {
        String q = "(".repeat(Query.MAX_DEPTH) + "a==1" + ")".repeat(Query.MAX_DEPTH);

        assertThat(Query.parse(q, Function.identity()).test(ENTITY)).isTrue();
    }

    @Test
    void nestingBeyondTheLimitIsAnInvalidQueryNotAStackOverflow() {
        String q = "(".repeat(100_000) + "a" + ")".repeat(100_000);

        assertThatThrownBy(() -> Query.parse(q.substring(0, Query.MAX_LENGTH), Function.identity()))
                .isInstanceOfSatisfying(BadRequestDataException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_QUERY);
                    assertThat(e.getMessage()).isEqualTo("q: at " + Query.MAX_DEPTH + ": parentheses nest at most "
                            + Query.MAX_DEPTH + " deep");
                });
    }

    @Test
    void aQueryLongerThanTheLimitIsRefusedBeforeParsing() {
        String q = "a==\"" + "x".repeat(Query.MAX_LENGTH) + "\"";

        assertThatThrownBy(() -> Query.parse(q, Function.identity()))
                .isInstanceOfSatisfying(BadRequestDataException.class,
                        e -> assertThat(e.getMessage()).startsWith("q: at " + Query.MAX_LENGTH + ": a query has at most"));
    }

    @Test
    void aLongChainOfTermsParsesWithoutRecursion() {
        String q = "b|".repeat(Query.MAX_LENGTH / 2 - 2) + "a";

        assertThat(Query.parse(q, Function.identity()).test(ENTITY)).isTrue();
    }

    @Test
    void aCatastrophicallyBacktrackingPatternGivesUpInsteadOfHanging() {
        Query query = Query.parse("name~=^(a+)+$", Function.identity());

        boolean matched = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> query.test(ENTITY));

        assertThat(matched).isFalse();
    }

    @Test
    void aLinearPatternStillMatchesAVeryLongValue() {
        Entity big = ENTITY.withAttribute("name", Property.of("x".repeat(2_000_000) + "needle"));

        assertThat(Query.parse("name~=needle$", Function.identity()).test(big)).isTrue();
    }
}
