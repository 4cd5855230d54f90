package dev.mercato;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.docs.Documenter;

/**
 * Verifies the module boundaries (no cycles, no use of another module's internals) and writes the
 * module diagrams and canvases into docs/architecture/modules, so the docs follow the code.
 */
class ModularityTests {

    static final ApplicationModules MODULES = ApplicationModules.of(MercatoApplication.class);

    @Test
    void modulesRespectTheirBoundaries() {
        MODULES.verify();
    }

    @Test
    void writesModuleDiagrams() throws IOException {
        Path folder = Path.of("../docs/architecture/modules");
        new Documenter(MODULES, Documenter.Options.defaults().withOutputFolder(folder.toString()))
                .writeModulesAsPlantUml()
                .writeIndividualModulesAsPlantUml()
                .writeModuleCanvases();
        try (Stream<Path> diagrams = Files.list(folder)) {
            for (Path diagram : diagrams.filter(p -> p.toString().endsWith(".puml")).toList()) {
                Files.write(diagram, withSortedRelations(Files.readAllLines(diagram)));
            }
        }
        try (Stream<Path> canvases = Files.list(folder)) {
            for (Path canvas : canvases.filter(p -> p.toString().endsWith(".adoc")).toList()) {
                Files.write(canvas, withSortedLists(Files.readAllLines(canvas)));
            }
        }
    }

    /**
     * The canvases list a module's listeners (and other items) in no fixed order either: each table
     * cell's list ({@code |* a}, {@code * b}, …) is sorted, so a run that changed nothing changes no file.
     */
    private static List<String> withSortedLists(List<String> lines) {
        List<String> result = new ArrayList<>();
        List<String> items = new ArrayList<>();
        for (String line : lines) {
            if (line.startsWith("|* ") || (line.startsWith("* ") && !items.isEmpty())) {
                if (line.startsWith("|* ")) {
                    flush(items, result);
                }
                items.add(line.startsWith("|") ? line.substring(1) : line);
                continue;
            }
            flush(items, result);
            result.add(line);
        }
        flush(items, result);
        return result;
    }

    private static void flush(List<String> items, List<String> result) {
        if (items.isEmpty()) {
            return;
        }
        items.sort(null);
        result.add("|" + items.getFirst());
        result.addAll(items.subList(1, items.size()));
        items.clear();
    }

    /** The generator lists relations in no fixed order; sorting them keeps the committed docs stable. */
    private static List<String> withSortedRelations(List<String> lines) {
        List<String> result = new ArrayList<>();
        List<String> relations = new ArrayList<>();
        for (String line : lines) {
            if (line.startsWith("Rel(")) {
                relations.add(line);
                continue;
            }
            relations.sort(null);
            result.addAll(relations);
            relations.clear();
            result.add(line);
        }
        relations.sort(null);
        result.addAll(relations);
        return result;
    }
}
