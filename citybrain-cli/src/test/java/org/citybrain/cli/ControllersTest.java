package org.citybrain.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.citybrain.sim.signal.PlanController;
import org.junit.jupiter.api.Test;

class ControllersTest {

    @Test
    void planIsKnownAndNamedAsOnTheCommandLine() {
        assertThat(Controllers.create("plan")).get().isInstanceOf(PlanController.class)
                .extracting(c -> c.name()).isEqualTo("plan");
    }

    @Test
    void everyListedNameMakesAControllerOfThatName() {
        for (String name : new Controllers()) {
            assertThat(Controllers.create(name)).get().extracting(c -> c.name()).isEqualTo(name);
        }
    }

    @Test
    void eachCreateGivesAFreshController() {
        assertThat(Controllers.create("plan").orElseThrow()).isNotSameAs(Controllers.create("plan").orElseThrow());
    }

    @Test
    void unknownNameGivesNothing() {
        assertThat(Controllers.create("Plan")).isEmpty();
        assertThat(Controllers.names()).isEqualTo("plan, fixed, webster, sotl, maxpressure, advanced-mp, brain");
    }
}
