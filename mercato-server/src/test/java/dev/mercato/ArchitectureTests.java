package dev.mercato;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noFields;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noMethods;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.time.Instant;
import java.time.LocalDateTime;
import org.junit.jupiter.api.Test;

/** House rules that a compiler cannot see. */
class ArchitectureTests {

    static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.mercato");

    @Test
    void theLedgerDomainCoreKnowsNothingOfSpringOrJdbc() {
        noClasses().that().resideInAnyPackage("dev.mercato.ledger", "dev.mercato.ledger.core")
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "java.sql..", "javax.sql..")
                .because("the ledger's rules are plain Java, testable without a database")
                .check(CLASSES);
    }

    @Test
    void theBillingCoreKnowsNothingOfSpringOrJdbc() {
        noClasses().that().resideInAPackage("dev.mercato.billing.core")
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "java.sql..", "javax.sql..")
                .because("the subscription state machine and proration are plain Java, testable without a database")
                .check(CLASSES);
    }

    @Test
    void theCampaignsCoreKnowsNothingOfSpringOrJdbc() {
        noClasses().that().resideInAPackage("dev.mercato.campaigns.core")
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "java.sql..", "javax.sql..")
                .because("the campaign and submission state machines, the fee split and the text checks are plain Java")
                .check(CLASSES);
    }

    @Test
    void timeComesFromTheInjectedClock() {
        noClasses().should().callMethod(Instant.class, "now")
                .orShould().callMethod(LocalDateTime.class, "now")
                .because("the test clock must be able to move every scheduled behaviour")
                .check(CLASSES);
    }

    @Test
    void noFloatingPointNearMoney() {
        noFields().that().areDeclaredInClassesThat().resideInAPackage("dev.mercato.ledger..")
                .should().haveRawType(double.class).orShould().haveRawType(float.class)
                .orShould().haveRawType(Double.class).orShould().haveRawType(Float.class)
                .because("amounts are long minor units")
                .check(CLASSES);
        noMethods().that().areDeclaredInClassesThat().resideInAPackage("dev.mercato.ledger..")
                .should().haveRawReturnType(double.class).orShould().haveRawReturnType(float.class)
                .because("amounts are long minor units")
                .check(CLASSES);
    }
}
