package org.citybrain.govern.cases;

import java.util.List;
import java.util.OptionalLong;

/**
 * One page of a {@link CaseQuery}'s answer.
 *
 * @param total every match, when the query asked to count
 */
public record CasePage(List<Case> cases, OptionalLong total) {
    public CasePage {
        cases = List.copyOf(cases);
    }
}
