package org.citybrain.server.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.citybrain.hub.entity.Attribute;
import org.citybrain.hub.entity.Entity;
import org.citybrain.hub.entity.GeoProperty;
import org.citybrain.hub.entity.JsonLdContext;
import org.citybrain.hub.entity.Property;
import org.citybrain.hub.entity.Relationship;
import org.citybrain.hub.jsonld.Contexts;
import org.citybrain.hub.jsonld.Expander;
import org.junit.jupiter.api.Test;

class CityViewTest {
    static final Expander CORE = Contexts.shipped().core();
    static final Expander SDM = Contexts.shipped().expander(JsonLdContext.of(
            "https://raw.githubusercontent.com/smart-data-models/dataModel.Transportation/master/context.jsonld"));

    /** An entity with core-context names; values are numbers, strings, booleans, geometries (JSON) or relationships (URI). */
    static Entity entity(Expander names, String id, String type, Object... attributes) {
        Map<String, Attribute> map = new LinkedHashMap<>();
        for (int i = 0; i < attributes.length; i += 2) {
            String name = (String) attributes[i];
            Object v = attributes[i + 1];
            Attribute a;
            if (v instanceof URI uri) {
                a = Relationship.to(uri);
            } else if (v instanceof JsonNode geometry) {
                a = GeoProperty.of(geometry);
            } else if (v instanceof Number n) {
                a = Property.of(n.doubleValue());
            } else if (v instanceof Boolean b) {
                a = Property.of(b);
            } else {
                a = Property.of((String) v);
            }
            map.put(name.equals("location") ? CORE.expand(name) : names.expand(name), a);
        }
        return new Entity(URI.create(id), names.expand(type), map, JsonLdContext.EMPTY, Optional.empty(), Optional.empty());
    }

    static JsonNode geometry(String json) {
        try {
            return new ObjectMapper().readTree(json);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    @Test
    void readsEntitiesWrittenWithEitherContextByTheLocalNamesOfTheirAttributes() {
        CityView view = new CityView();
        view.put(entity(CORE, "urn:ngsi-ld:RoadSegment:r1", "RoadSegment", "name", "Wensan Road", "laneCount", 2,
                "length", 0.5, "location", geometry("{\"type\":\"LineString\",\"coordinates\":[[120.1,30.2],[120.11,30.21]]}")));
        view.put(entity(SDM, "urn:ngsi-ld:TrafficFlowObserved:r1_0", "TrafficFlowObserved", "intensity", 10,
                "refRoadSegment", URI.create("urn:ngsi-ld:RoadSegment:r1")));
        view.put(entity(CORE, "urn:ngsi-ld:Thing:1", "Thing", "name", "not shown"));

        CityView.Road road = view.roads().iterator().next();
        assertThat(road.name()).isEqualTo("Wensan Road");
        assertThat(road.lanes()).isEqualTo(2);
        assertThat(road.path()).containsExactly(new double[] {30.2, 120.1}, new double[] {30.21, 120.11});
        assertThat(view.flows()).singleElement().satisfies(f -> {
            assertThat(f.road()).isEqualTo("urn:ngsi-ld:RoadSegment:r1");
            assertThat(f.intensity()).isEqualTo(10.0);
        });
        assertThat(view.remove(URI.create("urn:ngsi-ld:Thing:1"))).isFalse();
        assertThat(view.remove(URI.create("urn:ngsi-ld:RoadSegment:r1"))).isTrue();
        assertThat(view.roads()).isEmpty();
    }

    @Test
    void keyFiguresComeFromTheDetectorsTheIndexAndTheAlerts() {
        CityView view = new CityView();
        assertThat(view.kpis(60)).isEqualTo(new CityView.Kpis(null, null, null, null, 0));

        view.put(entity(CORE, "urn:ngsi-ld:RoadSegment:r1", "RoadSegment", "length", 0.5));
        // 30 s period from dateObservedFrom/To: 10 vehicles → 1,200/h; 20% of 500 m covered → 20 vehicles of 5 m
        view.put(entity(CORE, "urn:ngsi-ld:TrafficFlowObserved:r1_0", "TrafficFlowObserved", "intensity", 10,
                "occupancy", 0.2, "averageVehicleSpeed", 30, "refRoadSegment", URI.create("urn:ngsi-ld:RoadSegment:r1"),
                "dateObservedFrom", "2026-11-29T08:00:00Z", "dateObservedTo", "2026-11-29T08:00:30Z"));
        // no period: the default 60 s → 1,800/h; 10% of 500 m → 10 vehicles
        view.put(entity(CORE, "urn:ngsi-ld:TrafficFlowObserved:r1_1", "TrafficFlowObserved", "intensity", 30,
                "occupancy", 0.1, "averageVehicleSpeed", 50, "refRoadSegment", URI.create("urn:ngsi-ld:RoadSegment:r1")));
        // a lane of a road without segment entity counts 100 m: 5% → 1 vehicle; no count, no speed
        view.put(entity(SDM, "urn:ngsi-ld:TrafficFlowObserved:x_0", "TrafficFlowObserved", "occupancy", 0.05));
        view.put(entity(CORE, "urn:ngsi-ld:CongestionIndex:city", "CongestionIndex", "scope", "city", "travelTimeIndex", 1.7));
        view.put(entity(CORE, "urn:ngsi-ld:Alert:1", "Alert", "category", "traffic", "acknowledged", true));
        view.put(entity(CORE, "urn:ngsi-ld:Alert:2", "Alert", "category", "traffic", "severity", "high"));

        CityView.Kpis k = view.kpis(60);
        assertThat(k.cityIndex()).isEqualTo(1.7);
        assertThat(k.averageSpeed()).isCloseTo((30 * 10 + 50 * 30) / 40.0, within(1e-9));
        assertThat(k.vehicles()).isCloseTo(31, within(1e-9));
        assertThat(k.throughput()).isCloseTo(3000, within(1e-9));
        assertThat(k.openAlerts()).isEqualTo(1);
    }

    @Test
    void markersGoOnPointsAndOnTheMiddleOfLines() {
        CityView view = new CityView();
        view.put(entity(CORE, "urn:ngsi-ld:TrafficSignal:i1", "TrafficSignal", "currentPhase", 3, "controller", "maxpressure",
                "location", geometry("{\"type\":\"Point\",\"coordinates\":[120.1,30.2]}")));
        view.put(entity(CORE, "urn:ngsi-ld:Alert:j", "Alert", "location",
                geometry("{\"type\":\"LineString\",\"coordinates\":[[1,2],[3,4],[5,6]]}")));
        assertThat(view.signals()).singleElement().satisfies(s -> {
            assertThat(s.at()).containsExactly(30.2, 120.1);
            assertThat(s.phase()).isEqualTo(3);
            assertThat(s.controller()).isEqualTo("maxpressure");
        });
        assertThat(view.alerts()).singleElement().satisfies(a -> assertThat(a.at()).containsExactly(4, 3));
    }

    @Test
    void aCarParksForecastsAreItemsOfTheirOwnThatNameTheirCarPark() {
        CityView view = new CityView();
        view.put(entity(CORE, "urn:ngsi-ld:OffStreetParking:p1", "OffStreetParking", "totalSpotNumber", 200,
                "availableSpotNumber", 40));
        view.put(entity(CORE, "urn:ngsi-ld:OffStreetParkingForecast:p1:PT30M", "OffStreetParkingForecast",
                "refParkingSite", URI.create("urn:ngsi-ld:OffStreetParking:p1"), "forecastHorizon", 30, "availableSpotNumber", 25,
                "dateIssued", "2026-11-30T08:00:00Z", "validFrom", "2026-11-30T08:30:00Z"));
        assertThat(view.parks()).singleElement().satisfies(p -> assertThat(p.free()).isEqualTo(40));
        assertThat(view.forecasts()).singleElement().isEqualTo(new CityView.ParkingForecast(
                "urn:ngsi-ld:OffStreetParkingForecast:p1:PT30M", "urn:ngsi-ld:OffStreetParking:p1", 30, 25,
                "2026-11-30T08:00:00Z", "2026-11-30T08:30:00Z"));
        assertThat(view.remove(URI.create("urn:ngsi-ld:OffStreetParkingForecast:p1:PT30M"))).isTrue();
        assertThat(view.forecasts()).isEmpty();
    }
}
