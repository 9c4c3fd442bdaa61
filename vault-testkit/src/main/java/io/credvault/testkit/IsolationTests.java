package io.credvault.testkit;

import static io.credvault.testkit.CredentialStoreContract.ALICE;
import static io.credvault.testkit.CredentialStoreContract.BOB;
import static io.credvault.testkit.CredentialStoreContract.START;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.credvault.CredentialId;
import io.credvault.CredentialMetadata;
import io.credvault.CredentialNotFoundException;
import io.credvault.CredentialStatus;
import io.credvault.CredentialUpdate;
import io.credvault.ListFilter;
import io.credvault.PageRequest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The contract kit's "owner isolation" group; joined to {@link CredentialStoreContract} by a nested class. */
abstract class IsolationTests {
    abstract CredentialStoreContract kit();

    @Test
    @DisplayName("another owner's id behaves exactly like an unknown id for every operation")
    void otherOwner_isNotFound() {
        CredentialMetadata m = kit().github(ALICE, "gh");
        CredentialId unknown = CredentialId.generate(START.toEpochMilli());
        Map<String, Function<CredentialId, Object>> ops = new LinkedHashMap<>();
        ops.put("describe", id -> kit().store.describe(BOB, id));
        ops.put("reveal", id -> kit().store.reveal(BOB, id));
        ops.put("update", id -> kit().store.update(BOB, id, 1, CredentialUpdate.builder().name("stolen").build()));
        ops.put("setStatus", id -> kit().store.setStatus(BOB, id, CredentialStatus.OK));
        ops.put("delete", id -> kit().store.delete(BOB, id));
        ops.put("restore", id -> kit().store.restore(BOB, id));
        ops.put("purge", id -> {
            kit().store.purge(BOB, id);
            return null;
        });
        ops.forEach((op, call) -> {
            Throwable other = catchThrowable(() -> call.apply(m.id()));
            Throwable none = catchThrowable(() -> call.apply(unknown));
            assertThat(other).as(op).isInstanceOf(CredentialNotFoundException.class);
            assertThat(none).as(op).isInstanceOf(CredentialNotFoundException.class);
            assertThat(String.valueOf(other.getMessage()).replace(m.id().value(), "ID"))
                    .as(op).isEqualTo(String.valueOf(none.getMessage()).replace(unknown.value(), "ID"));
        });
        assertThat(kit().store.describe(ALICE, m.id())).isEqualTo(m);
        assertThat(kit().store.list(BOB, ListFilter.all(), PageRequest.first(10)).items()).isEmpty();
    }
}
