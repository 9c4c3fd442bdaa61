package io.credvault.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** Runs command lines through the picocli entry point against a temporary H2 file made by {@code init}. */
abstract class CliHarness {
    static final String TOKEN = "ghp_cliSecretToken1234567890";
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    Path key;
    Map<String, String> env;

    record Result(int code, String out, String err) {
    }

    Result withInput(String stdin, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out), new PrintWriter(err),
                new Terminal(null, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8))), env);
        return new Result(code, out.toString(), err.toString());
    }

    Result run(String... args) {
        return withInput("", args);
    }

    Result ok(String... args) {
        Result r = run(args);
        assertThat(r.code()).as("%s\nstdout: %s\nstderr: %s", String.join(" ", args), r.out(), r.err()).isZero();
        return r;
    }

    String createGithub(String name) throws Exception {
        Path secrets = dir.resolve("secrets-" + name);
        Files.writeString(secrets, "accessToken=" + TOKEN + "\nusername=octocat\n");
        Result r = ok("create", "--key-file", key.toString(), "--owner", "u1", "--provider", "github", "--name", name,
                "--category", "repositories", "--secrets-file", secrets.toString());
        Matcher m = Pattern.compile("created (C[0-9A-Z]{25})").matcher(r.out());
        assertThat(m.find()).isTrue();
        return m.group(1);
    }

    @BeforeEach
    void init() {
        env = Map.of("CREDVAULT_DB", dir.resolve("vault").toString());
        key = dir.resolve("master.key");
        Result r = ok("init", "--new-key-file", key.toString());
        assertThat(r.out()).contains("initialised vault at").contains("master key written to");
    }

    /** Runs with {@code --format json} and parses what it printed. */
    JsonNode json(String... args) throws Exception {
        String[] all = java.util.Arrays.copyOf(args, args.length + 2);
        all[args.length] = "--format";
        all[args.length + 1] = "json";
        return JSON.readTree(ok(all).out());
    }
}
