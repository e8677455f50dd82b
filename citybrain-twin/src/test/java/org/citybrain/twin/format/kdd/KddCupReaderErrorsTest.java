package org.citybrain.twin.format.kdd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;

import org.citybrain.twin.TwinFormatException;
import org.citybrain.twin.format.ScenarioFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class KddCupReaderErrorsTest {
    private static final Path DIR = Path.of("src/test/resources/kdd");
    private static final Path BAD = DIR.resolve("bad");
    private static final Path GOOD_ROADNET = DIR.resolve("plus.roadnet.txt");
    private final KddCupReader reader = new KddCupReader();

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        token-count.roadnet.txt           | line 3  | expected 4 fields (latitude longitude inter_id signalized), found 3 (intersection 2 of the 5 announced on line 1)
        non-numeric.roadnet.txt           | line 4  | latitude '30.0x' is not a number
        signal-flag.roadnet.txt           | line 5  | signalized must be 0 or 1, found '2'
        intersection-count.roadnet.txt    | line 7  | expected 4 fields (latitude longitude inter_id signalized), found 1 (intersection 6 of the 6 announced on line 1)
        unknown-intersection.roadnet.txt  | line 11 | to_inter_id names unknown intersection '999'
        permission-count.roadnet.txt      | line 9  | expected 9 permission flags (left straight right for each of the 3 lanes of road '11'), found 8
        zero-speed.roadnet.txt            | line 14 | lane maxSpeed must be a positive number of m/s, got 0.0
        duplicate-road.roadnet.txt        | line 17 | duplicate road id '21' (first on line 11)
        signal-count.roadnet.txt          | line 20 | announces 2 signalised intersections, but the file ends after 1
        unknown-signal-road.roadnet.txt   | line 21 | approach2_id names unknown road '77'
        signal-road-direction.roadnet.txt | line 21 | road '12' does not leave intersection '100'; a signal row lists the roads that leave it
        signalised-without-row.roadnet.txt| line 3  | intersection '101' is signalised but has no row in the signal section (announced on line 20)
        trailing.roadnet.txt              | line 22 | unexpected content after the signal section
        empty.roadnet.txt                 | line 1  | file is empty: expected the number of intersections
        """)
    void badRoadnetNamesFileLineAndReason(String file, String location, String reason) {
        Path path = BAD.resolve(file);

        TwinFormatException e = catchThrowableOfType(TwinFormatException.class, () -> reader.readNetwork(path));

        assertThat(e).isNotNull();
        assertThat(e.source()).isEqualTo(path.toString());
        assertThat(e.location()).isEqualTo(location);
        assertThat(e.reason()).isEqualTo(reason);
        assertThat(e).hasMessage(path + ": " + location + ": " + reason);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        unknown-road.flow.txt     | line 4.route[1] | unknown road '99'
        disconnected.flow.txt     | line 7.route[1] | route is not connected: no road link from '12' to '11'
        route-count.flow.txt      | line 4          | route lists 2 roads but line 3 announces 3
        non-numeric.flow.txt      | line 2          | vehicle_interval 'abc' is not a number
        token-count.flow.txt      | line 2          | expected 3 fields (start_time end_time vehicle_interval), found 2 (flow 1 of the 1 announced on line 1)
        zero-interval.flow.txt    | line 2          | flow interval must be > 0 seconds, got 0.0
        end-before-start.flow.txt | line 2          | end_time 0 is before start_time 100
        flow-count.flow.txt       | line 1          | announces 3 flows, but the file ends after 2
        """)
    void badFlowNamesFileLineAndReason(String file, String location, String reason) {
        Path path = BAD.resolve(file);

        TwinFormatException e = catchThrowableOfType(TwinFormatException.class, () -> reader.read(GOOD_ROADNET, path));

        assertThat(e).isNotNull();
        assertThat(e.source()).isEqualTo(path.toString());
        assertThat(e.location()).isEqualTo(location);
        assertThat(e.reason()).isEqualTo(reason);
    }

    @Test
    void missingFileIsReportedWithoutALine() {
        Path path = BAD.resolve("no-such.roadnet.txt");

        TwinFormatException e = catchThrowableOfType(TwinFormatException.class, () -> reader.readNetwork(path));

        assertThat(e.source()).isEqualTo(path.toString());
        assertThat(e.location()).isEmpty();
        assertThat(e.reason()).isEqualTo("cannot read file: it does not exist");
    }

    @Test
    void fileThatIsNotTextIsReportedWithoutALine() {
        Path path = BAD.resolve("binary.roadnet.txt");

        TwinFormatException e = catchThrowableOfType(TwinFormatException.class, () -> reader.readNetwork(path));

        assertThat(e.source()).isEqualTo(path.toString());
        assertThat(e.location()).isEmpty();
        assertThat(e.reason()).isEqualTo("cannot read file: it is not UTF-8 text");
    }

    @Test
    void badRoadnetFailsBeforeTheFlowFileIsRead() {
        Path roadnet = BAD.resolve("unknown-intersection.roadnet.txt");

        TwinFormatException e = catchThrowableOfType(TwinFormatException.class,
                () -> reader.read(roadnet, BAD.resolve("no-such.flow.txt")));

        assertThat(e.source()).isEqualTo(roadnet.toString());
    }

    @Test
    void badFixturesAreStillDetectedAsKdd() {
        for (String file : new String[] {"token-count.roadnet.txt", "unknown-signal-road.roadnet.txt",
                "disconnected.flow.txt"}) {
            assertThat(ScenarioFormat.detect(BAD.resolve(file))).as(file).isEqualTo(ScenarioFormat.KDD);
        }
    }
}
