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
