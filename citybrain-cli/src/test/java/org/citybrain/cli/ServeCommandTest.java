package org.citybrain.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServeCommandTest {

    @Test
    void anMqttPortInUseIsAnInputErrorThatSaysHowToChooseAnother(@TempDir Path data) throws Exception {
        try (ServerSocket taken = new ServerSocket(0)) {
            CliRun r = CliRun.run("serve", "--port", "0", "--data-dir", data.toString(), "--",
                    "--citybrain.mqtt.port=" + taken.getLocalPort(), "--citybrain.congestion.enabled=false");
            assertThat(r.exitCode()).isEqualTo(1);
            assertThat(r.err()).contains("MQTT port is already in use", "--citybrain.mqtt.port=N");
        }
    }

    @Test
    void aSettingThatIsNotNameEqualsValueIsAUsageError(@TempDir Path data) {
        CliRun r = CliRun.run("serve", "--port", "0", "--data-dir", data.toString(), "--", "citybrain.mqtt.port");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("--name=value");
    }
}
