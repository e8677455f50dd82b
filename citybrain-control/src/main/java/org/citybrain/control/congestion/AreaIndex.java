package org.citybrain.control.congestion;

import java.util.Optional;

/**
 * The travel-time index of a district or the city: Σ wᵢLᵢ/vᵢ ÷ Σ wᵢLᵢ/v_freeᵢ over its roads with
 * traffic, the time its vehicle-kilometres took over the time they would have taken at free flow.
 *
 * @param index           travelSeconds ÷ freeFlowSeconds, &ge; 1; NaN when no road of the area had
 *                        traffic
 * @param level           empty when the index is NaN
 * @param vehicleMetres   Σ wᵢLᵢ
 * @param travelSeconds   Σ wᵢLᵢ/vᵢ with vᵢ the effective speed ({@link RoadIndex#index()})
 * @param freeFlowSeconds Σ wᵢLᵢ/v_freeᵢ
 * @param roads           roads that weighed in (had speed, vehicles and a free-flow speed)
 */
public record AreaIndex(String name, double index, Optional<CongestionLevel> level, double vehicleMetres,
                        double travelSeconds, double freeFlowSeconds, int roads) {
}
