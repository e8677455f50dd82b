package org.citybrain.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import org.citybrain.control.parking.CleaningReport;
import org.citybrain.control.parking.DailySlots;
import org.citybrain.control.parking.EvaluationResult;
import org.citybrain.control.parking.ForecastEvaluation;
import org.citybrain.control.parking.ParkingCleaner;
import org.citybrain.control.parking.ParkingCsv;
import org.citybrain.control.parking.ParkingData;
import org.citybrain.control.parking.Persistence;
import org.citybrain.control.parking.ProfileDeviationForecaster;
import org.citybrain.control.parking.SameTimeLastWeek;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

@Command(name = "parking-eval",
        header = "Evaluate free-space forecasts for car parks against persistence and same-time-last-week.",
        description = {
            "Reads car park occupancy readings (CSV with columns SystemCodeNumber,Capacity,Occupancy,LastUpdated, "
                + "as in the UCI Birmingham data set), cleans them onto half-hour slots from 08:00 to 16:30 and prints "
                + "what the cleaning did. Then fits the profile+deviation forecaster on the days up to --train-until, "
                + "forecasts free spaces 15, 30 and 60 min ahead from every later slot with a reading and prints the "
                + "mean absolute error of it and of the two baselines, and whether it beats both. "
                + "See docs/parking.md for the rules.",
        })
final class ParkingEvalCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Spec
    private CommandSpec spec;

    @Option(names = "--data", required = true, paramLabel = "FILE",
            description = "Occupancy CSV, e.g. scenarios/parking/birmingham_parking_uci.csv.")
    Path data;

    @Option(names = "--train-until", paramLabel = "DATE", converter = IsoDate.class,
            description = "Last day of the training period, yyyy-MM-dd; the days after it are the test period. "
                    + "Default: the end of the first two thirds of the file's days.")
    LocalDate trainUntil;

    @Option(names = "--json", paramLabel = "FILE",
            description = "Also write the cleaning report and the table as JSON to FILE (parent directories are created).")
    Path json;

    @Override
    public Integer call() {
        Inputs.requireFile(data, "parking data");
        if (json != null && Files.isDirectory(json)) {
            throw new CliInputException("--json path is a directory, expected a file: " + Inputs.shown(json));
        }
        ParkingCleaner.Result cleaned;
        try {
            cleaned = ParkingCleaner.clean(ParkingCsv.read(data), DailySlots.HALF_HOURS_08_TO_1630);
        } catch (IllegalArgumentException e) {
            throw new CliInputException(data + ": " + e.getMessage());
        }
        ParkingData parking = cleaned.data();
        LocalDate cut = trainUntil != null ? trainUntil : ForecastEvaluation.defaultTrainUntil(parking.grid());
        if (cut.isBefore(parking.grid().firstDay()) || !cut.isBefore(parking.grid().lastDay())) {
            throw new ParameterException(spec.commandLine(), "--train-until must lie from " + parking.grid().firstDay()
                    + " to " + parking.grid().lastDay().minusDays(1) + " (the data runs " + parking.grid().firstDay()
                    + ".." + parking.grid().lastDay() + "), got " + cut);
        }
        ProfileDeviationForecaster ours = ProfileDeviationForecaster.fit(parking.until(cut));
        EvaluationResult result = ForecastEvaluation.evaluate(parking, cut,
                List.of(new Persistence(), new SameTimeLastWeek(), ours), ours.name(), ForecastEvaluation.HORIZONS);

        PrintWriter out = spec.commandLine().getOut();
        cleaned.report().lines().forEach(out::println);
        out.println();
        result.lines().forEach(out::println);
        out.println(String.format(Locale.ROOT, "Fitted share of today's deviation kept: %.3f at 15 min, %.3f at 30 min, "
                + "%.3f at 60 min.", ours.beta(15), ours.beta(30), ours.beta(60)));
        out.println(result.candidateBeatsAllEverywhere()
                ? ProfileDeviationForecaster.NAME + " beats both baselines at every horizon."
                : ProfileDeviationForecaster.NAME + " does NOT beat both baselines at every horizon.");
        out.flush();
        if (json != null) {
            write(json, document(cleaned.report(), result, ours));
        }
        return 0;
    }

    private Map<String, Object> document(CleaningReport r, EvaluationResult result, ProfileDeviationForecaster ours) {
        Map<String, Object> cleaning = new LinkedHashMap<>();
        cleaning.put("rows", r.rows());
        cleaning.put("carParks", r.carParks());
        cleaning.put("firstDay", r.grid().firstDay().toString());
        cleaning.put("lastDay", r.grid().lastDay().toString());
        cleaning.put("overCapacityClamped", r.overCapacity());
        cleaning.put("negativeDropped", r.negative());
        cleaning.put("capacityMismatch", r.capacityMismatch());
        cleaning.put("exactDuplicatesDropped", r.exactDuplicates());
        cleaning.put("outsideGridDropped", r.outsideGrid());
        cleaning.put("sameSlotDropped", r.sameSlot());
        cleaning.put("rowsUsed", r.rowsUsed());
        cleaning.put("slotsExpected", r.slotsExpected());
        cleaning.put("slotsFilled", r.slotsFilled());
        cleaning.put("daysWithoutReadings", r.daysWithoutReadings().stream().map(LocalDate::toString).toList());
        cleaning.put("sparseCarParks", r.sparse().stream().map(c -> {
            Map<String, Object> park = new LinkedHashMap<>();
            park.put("carPark", c.carParkId());
            park.put("slotsFilled", c.filled());
            park.put("slotsExpected", c.expected());
            return park;
        }).toList());

        List<Map<String, Object>> horizons = result.horizons().stream().map(h -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("horizonMinutes", h.horizonMinutes());
            Map<String, Object> mae = new LinkedHashMap<>();
            for (int f = 0; f < result.forecasters().size(); f++) {
                mae.put(result.forecasters().get(f), finite(h.mae().get(f)));
            }
            row.put("mae", mae);
            row.put("scored", h.scored());
            row.put("withoutTarget", h.withoutTarget());
            row.put("withoutForecast", h.withoutForecast());
            row.put("candidateBeatsAll", result.candidateBeatsAll(h));
            row.put("deviationKept", ours.beta(h.horizonMinutes()));
            return row;
        }).toList();
        Map<String, Object> evaluation = new LinkedHashMap<>();
        evaluation.put("trainFrom", result.trainFrom().toString());
        evaluation.put("trainUntil", result.trainUntil().toString());
        evaluation.put("testFrom", result.testFrom().toString());
        evaluation.put("testUntil", result.testUntil().toString());
        evaluation.put("candidate", result.candidate());
        evaluation.put("candidateBeatsAllEverywhere", result.candidateBeatsAllEverywhere());
        evaluation.put("horizons", horizons);

        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("data", data.toString());
        doc.put("cleaning", cleaning);
        doc.put("evaluation", evaluation);
        return doc;
    }

    private static void write(Path file, Object document) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            JSON.writeValue(file.toFile(), document);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + CliErrors.describe(e), e);
        }
    }

    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }

    /** {@code yyyy-MM-dd}. */
    static final class IsoDate implements ITypeConverter<LocalDate> {
        @Override
        public LocalDate convert(String value) {
            try {
                return LocalDate.parse(value.strip());
            } catch (DateTimeParseException e) {
                throw new TypeConversionException("expected a date like 2016-11-23, got '" + value + "'");
            }
        }
    }
}
