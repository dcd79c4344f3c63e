package dev.qssm.cli;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.qssm.QssmException;
import dev.qssm.backend.BackendConfig;
import dev.qssm.backend.BackendProvider;
import dev.qssm.backend.Backends;
import dev.qssm.backend.Capabilities;
import dev.qssm.circuit.Gate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "backends", description = "Lists the installed backends with their descriptions and capabilities.")
final class BackendsCommand implements Callable<Integer> {
  @ParentCommand Main main;

  @Option(names = "--json", description = "print JSON instead of text")
  boolean json;

  @Override
  public Integer call() {
    var providers = Backends.discover(main.context().loader()).values();
    var out = main.out();
    if (json) {
      var list = new JsonArray();
      providers.forEach(p -> list.add(toJson(p)));
      var root = new JsonObject();
      root.add("backends", list);
      out.println(new GsonBuilder().disableHtmlEscaping().setPrettyPrinting().create().toJson(root));
      return 0;
    }
    if (providers.isEmpty()) {
      out.println("no backends found on the class path; add backend jars with QSSM_CLASSPATH");
      return 0;
    }
    int width = providers.stream().mapToInt(p -> p.name().length()).max().orElse(0) + 2;
    for (var p : providers) {
      out.println(pad(p.name(), width) + p.description());
      String caps;
      try {
        caps = describe(capabilities(p));
      } catch (QssmException e) {
        caps = "capabilities unknown: " + e.getMessage();
      }
      out.println(" ".repeat(width) + caps);
    }
    return 0;
  }

  // With no options at all: what the provider offers before any device or noise is chosen.
  private static Capabilities capabilities(BackendProvider p) {
    return p.capabilities(BackendConfig.of(p.name()));
  }

  private static JsonObject toJson(BackendProvider p) {
    var o = new JsonObject();
    o.addProperty("name", p.name());
    o.addProperty("description", p.description());
    try {
      var c = capabilities(p);
      var caps = new JsonObject();
      caps.addProperty("maxQubits", c.maxQubits());
      caps.addProperty("exact", c.exact());
      caps.addProperty("shots", c.shots());
      caps.addProperty("noise", c.noise());
      caps.addProperty("midCircuit", c.midCircuit());
      caps.addProperty("vjp", c.vjp());
      var gates = new JsonArray();
      Arrays.stream(Gate.values()).filter(c.gates()::contains).forEach(g -> gates.add(g.qasmName()));
      caps.add("gates", gates);
      caps.addProperty("controlModifiers", c.controlModifiers());
      caps.addProperty("amplitudeEncoding", c.amplitudeEncoding());
      caps.addProperty("tolerance", c.tolerance());
      o.add("capabilities", caps);
    } catch (QssmException e) {
      o.add("capabilities", null);
      o.addProperty("error", e.getMessage());
    }
    return o;
  }

  static String describe(Capabilities c) {
    var parts = new ArrayList<String>();
    if (c.exact()) {
      parts.add("exact");
    }
    if (c.shots()) {
      parts.add("shots");
    }
    if (c.noise()) {
      parts.add("noise");
    }
    if (c.midCircuit()) {
      parts.add("mid-circuit measurement and reset");
    }
    if (c.vjp()) {
      parts.add("native gradients");
    }
    parts.add("up to " + c.maxQubits() + " qubits");
    if (c.gates().size() == Gate.values().length) {
      parts.add("all gates");
    } else {
      parts.add("gates " + String.join(" ",
          Arrays.stream(Gate.values()).filter(c.gates()::contains).map(Gate::qasmName).toList()));
    }
    if (c.controlModifiers()) {
      parts.add("ctrl/negctrl modifiers");
    }
    if (c.amplitudeEncoding()) {
      parts.add("amplitude encoding");
    }
    if (c.exact()) {
      parts.add("tolerance " + Double.toString(c.tolerance()).replace(".0E", "E").replace('E', 'e'));
    }
    return String.join(", ", parts);
  }

  private static String pad(String s, int width) {
    return s + " ".repeat(Math.max(1, width - s.length()));
  }
}
