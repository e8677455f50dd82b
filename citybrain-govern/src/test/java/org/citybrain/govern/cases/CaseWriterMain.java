package org.citybrain.govern.cases;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/** For {@link CasesKillTest}: reports and acts on cases until killed, printing each acknowledged step. */
public final class CaseWriterMain {
    private CaseWriterMain() {
    }

    public static void main(String[] args) {
        Cases cases = Cases.open(Path.of(args[0]), GovernanceConfig.defaults(), Clock.systemUTC());
        for (int i = 0;; i++) {
            Case c = cases.report(new Cases.Report(CaseSource.INSPECTOR, "pothole", "hole " + i, Optional.empty(),
                    Optional.empty(), "inspector", Optional.empty(), List.of()));
            c = cases.act(c.id(), c.version(), Action.REGISTER, "d", Optional.empty(), Optional.empty(), List.of());
            System.out.println(c.id() + " " + c.version());
            System.out.flush();
        }
    }
}
