package org.citybrain.hub.store;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class PendingTest {
    @Test
    void aFailedWriteIsReportedForWhatItHeld() {
        CompletableFuture<Long> failed = CompletableFuture.failedFuture(new IOException("No space left on device"));
        assertThatThrownBy(() -> Pending.await(failed, "the entity writes")).isInstanceOf(StoreException.class)
                .hasMessage("the entity writes could not be made durable: No space left on device");
        assertThatThrownBy(() -> Pending.await(failed)).isInstanceOf(StoreException.class)
                .hasMessageStartingWith("the readings could not be made durable");
    }

    @Test
    void aStoreExceptionOfTheWriterIsPassedOnAsItIs() {
        StoreException writer = new StoreException("the store failed earlier and accepts no more writes; reopen it");
        assertThatThrownBy(() -> Pending.await(CompletableFuture.failedFuture(writer), "the entity writes")).isSameAs(writer);
    }
}
