package dev.qssm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonParser;
import dev.qssm.qasm.Qasm;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code qssm transpile} and {@code qssm run --backend ibm --dry-run}, in-process, on real OpenQASM. */
class TranspileCommandTest {
  private static final String PROGRAM = String.join("\n", "OPENQASM 3.0;", "include \"stdgates.inc\";",
      "input float[64] theta;", "qubit[3] q;", "bit[3] c;", "h q[0];", "cx q[0], q[2];", "crx(theta) q[2], q[1];",
      "c = measure q;", "");

  @TempDir Path dir;
  private Cli cli;

  @BeforeEach
  void setUp() throws IOException {
    Files.writeString(dir.resolve("p.qasm"), PROGRAM);
    for (String name : new String[] {"fez-configuration.json", "brisbane-configuration.json"}) {
      try (InputStream in = getClass().getResourceAsStream("/ibm/" + name)) {
        Files.write(dir.resolve(name), in.readAllBytes());
      }
    }
    cli = new Cli(dir, Qasm::parse);
  }

  @Test
  void transpilePrintsIsaQasmForTheTarget() {
    var r = cli.run("transpile", "--target", "brisbane-configuration.json", "p.qasm");
    assertEquals(0, r.code(), r::toString);
    String out = r.out();
    assertTrue(out.startsWith("OPENQASM 3.0;\ninclude \"stdgates.inc\";\n"), out);
    assertTrue(out.contains("gate ecr "), "ecr is not in stdgates: its definition comes along\n" + out);
    assertTrue(out.contains("input float[64] _p0;"), out);
    assertTrue(out.contains("// ibm_brisbane: logical qubit i starts on $["), out);
    for (String line : out.split("\n")) {
      if (line.startsWith("gate ") || line.startsWith("//") || line.startsWith("OPENQASM") || line.startsWith("include")
          || line.startsWith("input") || line.startsWith("bit[")) {
        continue;
      }
      assertTrue(line.matches("(rz\\([^)]*\\) |sx |x |ecr )\\$\\d+(, \\$\\d+)?;|c\\[\\d\\] = measure \\$\\d+;"), line);
    }
  }

  @Test
  void transpileReportsAMissingTarget() {
    var r = cli.run("transpile", "--target", "nope.json", "p.qasm");
    assertEquals(2, r.code(), r::toString);
    assertTrue(r.err().contains("file not found: nope.json"), r.err());
  }

  @Test
  void dryRunNeedsNoCredentialsAndSendsNothing() throws IOException {
    var r = cli.run("run", "--backend", "ibm", "--dry-run", "out", "-o", "configuration=" + dir.resolve("fez-configuration.json"),
        "--shots", "100", "--param", "theta=0.5", "p.qasm");
    assertEquals(0, r.code(), r::toString);
    assertTrue(r.out().contains("dry run"), r.out());
    var body = JsonParser.parseString(Files.readString(dir.resolve("out/job-001.json"))).getAsJsonObject();
    assertEquals("sampler", body.get("program_id").getAsString());
    assertEquals("ibm_fez", body.get("backend").getAsString());
    var pub = body.getAsJsonObject("params").getAsJsonArray("pubs").get(0).getAsJsonArray();
    assertEquals(100, pub.get(2).getAsInt());
    assertFalse(pub.get(0).getAsString().contains("theta"), "no expressions or names: values are bound client-side");
  }
}
