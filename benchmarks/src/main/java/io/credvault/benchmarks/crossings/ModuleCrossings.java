package io.credvault.benchmarks.crossings;

import com.sun.jdi.Bootstrap;
import com.sun.jdi.IncompatibleThreadStateException;
import com.sun.jdi.Location;
import com.sun.jdi.StackFrame;
import com.sun.jdi.ThreadReference;
import com.sun.jdi.VirtualMachine;
import com.sun.jdi.connect.Connector;
import com.sun.jdi.connect.LaunchingConnector;
import com.sun.jdi.event.Event;
import com.sun.jdi.event.EventSet;
import com.sun.jdi.event.MethodEntryEvent;
import com.sun.jdi.event.MethodExitEvent;
import com.sun.jdi.event.VMDeathEvent;
import com.sun.jdi.event.VMDisconnectEvent;
import com.sun.jdi.request.EventRequest;
import com.sun.jdi.request.MethodEntryRequest;
import com.sun.jdi.request.MethodExitRequest;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * Counts the calls that cross from one of the project's modules into another while a program runs one traced
 * method ({@link CreateOnce#measured} by default): it launches the program under the debugger interface, and for
 * every entry into a project method on the traced thread finds the nearest project frame below it (skipping
 * library frames such as Jdbi's) and compares their modules. A class's module is the classpath entry (jar or
 * classes directory) that holds it, named after its Maven module. Two counts are printed: every crossing, and the
 * crossings into implementation code, leaving out calls into the contract's types (packages {@code io.credvault}
 * and {@code io.credvault.spi}: value types, their accessors, SPI interfaces), which any module calls freely.
 *
 * <pre>java -cp BENCHMARKS_CLASSPATH io.credvault.benchmarks.crossings.ModuleCrossings [main-class [classpath]]</pre>
 */
public final class ModuleCrossings {
    private static final String IMPLEMENTATION = "implementation: ";
    private final Map<String, String> moduleOfClass;

    private ModuleCrossings(Map<String, String> moduleOfClass) {
        this.moduleOfClass = moduleOfClass;
    }

    public static void main(String[] args) throws Exception {
        String main = args.length > 0 ? args[0] : CreateOnce.class.getName();
        String classpath = args.length > 1 ? args[1] : System.getProperty("java.class.path");
        Map<String, Long> pairs = new ModuleCrossings(index(classpath)).trace(main, classpath);
        print("module crossings in the traced call", pairs, false);
        print("of them into implementation code (not the contract's types)", pairs, true);
    }

    private static void print(String title, Map<String, Long> pairs, boolean implementation) {
        Map<String, Long> shown = new TreeMap<>();
        pairs.forEach((pair, n) -> {
            if (pair.startsWith(IMPLEMENTATION) == implementation) {
                shown.put(pair.replace(IMPLEMENTATION, ""), n);
            }
        });
        System.out.println(title + ": " + shown.values().stream().mapToLong(Long::longValue).sum());
        shown.forEach((pair, n) -> System.out.printf("  %-26s %d%n", pair, n));
    }

    private Map<String, Long> trace(String main, String classpath) throws Exception {
        LaunchingConnector connector = Bootstrap.virtualMachineManager().defaultConnector();
        Map<String, Connector.Argument> arguments = connector.defaultArguments();
        arguments.get("main").setValue(main);
        arguments.get("options").setValue("-cp " + classpath);
        VirtualMachine vm = connector.launch(arguments);
        drain(vm.process().getInputStream());
        drain(vm.process().getErrorStream());
        MethodEntryRequest entries = vm.eventRequestManager().createMethodEntryRequest();
        entries.addClassFilter("io.credvault.*");
        entries.setSuspendPolicy(EventRequest.SUSPEND_EVENT_THREAD);
        entries.enable();
        MethodExitRequest exits = vm.eventRequestManager().createMethodExitRequest();
        exits.addClassFilter(main);
        exits.setSuspendPolicy(EventRequest.SUSPEND_EVENT_THREAD);
        exits.enable();
        Map<String, Long> pairs = new TreeMap<>();
        ThreadReference traced = null;
        vm.resume();
        while (true) {
            EventSet events = vm.eventQueue().remove();
            for (Event e : events) {
                if (e instanceof VMDeathEvent || e instanceof VMDisconnectEvent) {
                    return pairs;
                }
                if (e instanceof MethodEntryEvent entry) {
                    if (traced == null && entry.method().name().equals("measured")) {
                        traced = entry.thread();
                    } else if (entry.thread().equals(traced)) {
                        count(entry.thread(), pairs);
                    }
                } else if (e instanceof MethodExitEvent exit && exit.thread().equals(traced)
                        && exit.method().name().equals("measured")) {
                    entries.disable();
                    exits.disable();
                    traced = null;
                }
            }
            events.resume();
        }
    }

    /** Compares the module of the frame just entered with that of the nearest project frame below it. */
    private void count(ThreadReference thread, Map<String, Long> pairs) throws IncompatibleThreadStateException {
        List<StackFrame> frames = thread.frames();
        String type = frames.get(0).location().declaringType().name();
        String calleePackage = type.substring(0, type.lastIndexOf('.'));
        boolean contract = calleePackage.equals("io.credvault") || calleePackage.equals("io.credvault.spi");
        String callee = module(frames.get(0).location());
        if (callee == null) {
            return;
        }
        for (int i = 1; i < frames.size(); i++) {
            String caller = module(frames.get(i).location());
            if (caller != null) {
                if (!caller.equals(callee)) {
                    pairs.merge(caller + " -> " + callee, 1L, Long::sum);
                    if (!contract) {
                        pairs.merge(IMPLEMENTATION + caller + " -> " + callee, 1L, Long::sum);
                    }
                }
                return;
            }
        }
    }

    private @Nullable String module(Location at) {
        String name = at.declaringType().name();
        int hidden = name.indexOf("$$");
        String outer = hidden < 0 ? name : name.substring(0, hidden);
        int nested = outer.indexOf('$');
        return moduleOfClass.get(nested < 0 ? outer : outer.substring(0, nested));
    }

    /** Top-level project classes by the Maven module that holds them (e.g. {@code vault-core}). */
    private static Map<String, String> index(String classpath) throws IOException {
        Map<String, String> out = new HashMap<>();
        for (String entry : classpath.split(File.pathSeparator)) {
            Path path = Path.of(entry);
            String module = moduleName(path);
            if (module == null || !Files.exists(path)) {
                continue;
            }
            if (Files.isDirectory(path)) {
                try (Stream<Path> files = Files.walk(path)) {
                    files.filter(f -> f.toString().endsWith(".class")).forEach(f -> put(out,
                            path.relativize(f).toString().replace(File.separatorChar, '/'), module));
                }
            } else {
                try (JarFile jar = new JarFile(path.toFile())) {
                    for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements(); ) {
                        put(out, e.nextElement().getName(), module);
                    }
                }
            }
        }
        return out;
    }

    private static void put(Map<String, String> out, String file, String module) {
        if (file.startsWith("io/credvault/") && file.endsWith(".class") && !file.contains("$")) {
            out.put(file.substring(0, file.length() - ".class".length()).replace('/', '.'), module);
        }
    }

    /** {@code vault-core} for {@code .../vault-core/target/classes} or {@code .../vault-core-0.1.0.jar}. */
    private static @Nullable String moduleName(Path entry) {
        for (Path p = entry; p != null; p = p.getParent()) {
            Path name = p.getFileName();
            if (name != null && name.toString().startsWith("vault-")) {
                String s = name.toString();
                return s.endsWith(".jar") ? s.replaceAll("-\\d.*\\.jar$", "") : s;
            }
        }
        return null;
    }

    private static void drain(InputStream in) {
        Thread t = new Thread(() -> {
            try {
                in.transferTo(System.err);
            } catch (IOException ignored) {
                // the traced program ended
            }
        }, "crossings-output");
        t.setDaemon(true);
        t.start();
    }
}
