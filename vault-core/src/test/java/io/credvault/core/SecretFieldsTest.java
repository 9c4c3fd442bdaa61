package io.credvault.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.credvault.SecretFields;
import io.credvault.SecretValue;
import io.credvault.ValidationException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Secret fields are held sorted by name whatever order they were given in, once each, and cannot be changed. */
class SecretFieldsTest {
    private static final List<String> SORTED = List.of("accessToken", "apiKey", "b", "clientSecret", "privateKey", "refreshToken", "z");

    @Test
    @DisplayName("fields given in any order are held in name order, found by name, and equal (and hash as) the same fields given in order")
    void anyOrder() {
        List<List<String>> orders = List.of(SORTED, List.of("z", "refreshToken", "privateKey", "clientSecret", "b", "apiKey", "accessToken"),
                List.of("privateKey", "accessToken", "z", "b", "refreshToken", "apiKey", "clientSecret"),
                List.of("b", "z", "apiKey", "refreshToken", "accessToken", "privateKey", "clientSecret"));
        SecretFields inOrder = build(SORTED);
        for (List<String> order : orders) {
            SecretFields f = build(order);
            assertThat(f.names()).containsExactlyElementsOf(SORTED);
            assertThat(f.asMap().keySet()).containsExactlyElementsOf(SORTED);
            for (String name : SORTED) {
                assertThat(f.require(name).reveal()).isEqualTo("v-" + name);
            }
            assertThat(f.get("absent")).isEmpty();
            assertThat(f.size()).isEqualTo(SORTED.size());
            assertThat(f).isEqualTo(inOrder).hasSameHashCodeAs(inOrder);
            assertThat(f.toString()).isEqualTo("SecretFields" + SORTED + "[values redacted]");
        }
        Map<String, SecretValue> tree = new TreeMap<>(inOrder.asMap());
        assertThat(inOrder.asMap()).isEqualTo(tree).hasSameHashCodeAs(tree);
        assertThat(build(List.of("a", "b"))).isNotEqualTo(build(List.of("a", "c")));
    }

    @Test
    @DisplayName("a name given twice is refused wherever it falls: after the last, before the first, or between")
    void twice() {
        for (String again : List.of("z", "accessToken", "clientSecret")) {
            SecretFields.Builder b = SecretFields.builder();
            SORTED.forEach(n -> b.put(n, "v"));
            assertThatThrownBy(() -> b.put(again, "w")).isInstanceOf(ValidationException.class)
                    .hasMessageContaining("secrets." + again).hasMessageContaining("given twice");
        }
    }

    @Test
    @DisplayName("the names and the map cannot be changed, and a builder used again does not change what it built")
    void unmodifiable() {
        SecretFields.Builder b = SecretFields.builder().put("b", "1").put("a", "2");
        SecretFields first = b.build();
        b.put("c", "3");
        assertThat(first.names()).containsExactly("a", "b");
        assertThat(b.build().names()).containsExactly("a", "b", "c");
        Set<String> names = first.names();
        assertThatThrownBy(() -> names.remove("a")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> names.add("d")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> first.asMap().put("d", SecretValue.of("4"))).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> first.asMap().clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThat(SecretFields.builder().build()).isEqualTo(SecretFields.empty());
        assertThat(SecretFields.empty().isEmpty()).isTrue();
        assertThat(SecretFields.empty().names()).isEmpty();
    }

    @Test
    @DisplayName("a patch lays changes over the fields and takes out the removed ones, still in name order")
    void patch() {
        SecretFields f = SecretFields.of("b", "1", "d", "2", "f", "3");
        SecretFields p = f.patch(SecretFields.of("a", "x", "d", "y"), Set.of("f"));
        List<String> seen = new ArrayList<>();
        p.asMap().forEach((k, v) -> seen.add(k + "=" + v.reveal()));
        assertThat(seen).containsExactly("a=x", "b=1", "d=y");
    }

    private static SecretFields build(List<String> names) {
        SecretFields.Builder b = SecretFields.builder();
        names.forEach(n -> b.put(n, "v-" + n));
        return b.build();
    }
}
