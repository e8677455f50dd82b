package org.citybrain.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Locale;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

class ParkingEvalCommandTest {
    @TempDir
    Path tmp;

    private Path csv;

    /**
     * Three weeks (2016-10-03..23) of one car park of 100 spaces filling over the morning, a level
     * that changes from day to day, and one reading above capacity.
     */
    @BeforeEach
    void writeData() throws IOException {
        StringBuilder sb = new StringBuilder("SystemCodeNumber,Capacity,Occupancy,LastUpdated\n");
        for (int day = 0; day < 21; day++) {
            LocalDate date = LocalDate.of(2016, 10, 3).plusDays(day);
            int level = (day * 7) % 11 - 5;
            for (int slot = 0; slot < 18; slot++) {
                int occupancy = Math.max(0, 20 + 4 * Math.min(slot, 12) + level);
                sb.append(String.format(Locale.ROOT, "P,100,%d,%s %02d:%02d:10%n", occupancy, date, 8 + slot / 2,
                        slot % 2 * 30));
            }
        }
        sb.append("P,100,104,2016-10-23 16:45:00\n");
        csv = Files.writeString(tmp.resolve("parking.csv"), sb);
    }

    @Test
    void printsTheCleaningReportAndTheTableAndExitsZero() {
        CliRun r = CliRun.run("parking-eval", "--data", csv.toString(), "--train-until", "2016-10-16");

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.err()).isEmpty();
        assertThat(r.out())
                .contains("Data: 379 rows, 1 car park, 2016-10-03..2016-10-23 (21 days)")
                .contains("occupancy above capacity                           1  clamped to capacity (0 free)")
                .contains("second reading in the same slot                    1  dropped (kept the one nearest the slot)")
                .contains("Split: train 2016-10-03..2016-10-16 (14 days), test 2016-10-17..2016-10-23 (7 days)")
                .contains("horizon   persistence  same-time-last-week  profile+deviation    scored")
                .containsPattern("15 min +[0-9.]+ +[0-9.]+ +[0-9.]+ +119  (yes|NO)")
                .contains("Fitted share of today's deviation kept:");
    }

    @Test
    void writesTheSameFiguresAsJson() throws IOException {
        Path out = tmp.resolve("sub/eval.json");
        CliRun r = CliRun.run("parking-eval", "--data", csv.toString(), "--json", out.toString());

        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode doc = new ObjectMapper().readTree(out.toFile());
        assertThat(doc.at("/cleaning/overCapacityClamped").asInt()).isEqualTo(1);
        assertThat(doc.at("/evaluation/trainUntil").asText()).isEqualTo("2016-10-16");
        assertThat(doc.at("/evaluation/horizons/0/horizonMinutes").asInt()).isEqualTo(15);
        assertThat(doc.at("/evaluation/horizons/2/mae/persistence").isNumber()).isTrue();
        assertThat(r.out()).contains("Split: train 2016-10-03..2016-10-16 (14 days)");
    }

    @Test
    void aMissingFileIsAnInputErrorOnOneLine() {
        CliRun r = CliRun.run("parking-eval", "--data", tmp.resolve("nowhere.csv").toString());

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.errLines()).singleElement().asString()
                .isEqualTo("citybrain: error: parking data file not found: " + tmp.resolve("nowhere.csv"));
        assertThat(r.out()).isEmpty();
    }

    @Test
    void aMalformedFileIsAnInputErrorNamingTheLine() throws IOException {
        Path bad = Files.writeString(tmp.resolve("bad.csv"),
                "SystemCodeNumber,Capacity,Occupancy,LastUpdated\nP,100,many,2016-10-03 08:00:00\n");
        CliRun r = CliRun.run("parking-eval", "--data", bad.toString());

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.errLines()).singleElement().asString()
                .isEqualTo("citybrain: error: " + bad + ": line 2: Occupancy 'many' is not a whole number");
    }

    @Test
    void aTrainingEndOutsideTheDataIsAUsageError() {
        CliRun r = CliRun.run("parking-eval", "--data", csv.toString(), "--train-until", "2016-10-23");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.errLines()).singleElement().asString()
                .startsWith("citybrain: error: --train-until must lie from 2016-10-03 to 2016-10-22");
    }

    @Test
    void aBadDateIsAUsageError() {
        CliRun r = CliRun.run("parking-eval", "--data", csv.toString(), "--train-until", "23/11/2016");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("expected a date like 2016-11-23, got '23/11/2016'");
    }

    @Test
    void missingDataOptionIsAUsageError() {
        CliRun r = CliRun.run("parking-eval");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).startsWith("citybrain: error: Missing required option: '--data=FILE'");
    }
}
