package org.citybrain.control.parking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.time.LocalDateTime;
import java.util.List;

import org.citybrain.twin.TwinFormatException;
import org.junit.jupiter.api.Test;

class ParkingCsvTest {

    @Test
    void readsRowsAsTheyAreWithTheirLineNumbers() {
        List<OccupancyReading> rows = Fixtures.readings("dirty.csv");

        assertThat(rows).hasSize(12);
        assertThat(rows.get(0)).isEqualTo(new OccupancyReading("A", 100, 10, LocalDateTime.of(2016, 10, 3, 8, 1, 10), 2));
        assertThat(rows.get(5).occupancy()).isEqualTo(-3);
        assertThat(rows.get(10).capacity()).isEqualTo(40);
    }

    @Test
    void findsColumnsByNameAndTakesIsoTimes() {
        assertThat(Fixtures.readings("reordered.csv")).containsExactly(
                new OccupancyReading("Car Park X", 30, 12, LocalDateTime.of(2016, 10, 3, 8, 0), 2));
    }

    @Test
    void aMalformedNumberNamesFileLineAndColumn() {
        assertThatThrownBy(() -> Fixtures.readings("malformed.csv"))
                .isInstanceOf(TwinFormatException.class)
                .hasMessage("malformed.csv: line 3: Occupancy 'ten' is not a whole number");
    }

    @Test
    void aMissingColumnIsReportedWithTheHeaderFound() {
        assertThatThrownBy(() -> ParkingCsv.read(new StringReader("SystemCodeNumber,Capacity,LastUpdated\n"), "x.csv"))
                .isInstanceOf(TwinFormatException.class)
                .hasMessage("x.csv: line 1: header has no column Occupancy (found SystemCodeNumber,Capacity,LastUpdated)");
    }

    @Test
    void aBadTimeAndAZeroCapacityAreRejected() {
        String header = "SystemCodeNumber,Capacity,Occupancy,LastUpdated\n";
        assertThatThrownBy(() -> ParkingCsv.read(new StringReader(header + "A,10,1,04/10/2016 08:00\n"), "t.csv"))
                .hasMessageStartingWith("t.csv: line 2: LastUpdated '04/10/2016 08:00' is not a time");
        assertThatThrownBy(() -> ParkingCsv.read(new StringReader(header + "A,0,1,2016-10-04 08:00:00\n"), "c.csv"))
                .hasMessage("c.csv: line 2: Capacity must be at least 1, got 0");
    }
}
