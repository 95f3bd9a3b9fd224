package io.cfgspace;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The domain core stays plain Java, and dependencies point inward. */
class ArchitectureTest {

	private static final JavaClasses CLASSES = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		// DO_NOT_INCLUDE_TESTS knows target/test-classes, not -Dcfgspace.build.directory
		.withImportOption((location) -> !location.contains("/test-classes/"))
		.importPackages("io.cfgspace");

	private static final String[] FRAMEWORKS = { "org.springframework..", "jakarta..", "org.hibernate..",
			"com.fasterxml..", "tools.jackson..", "picocli.." };

	/** The pure cores: bytes, layouts and the rules over them, with no framework. */
	private static final String[] CORES = { "io.cfgspace.configspace..", "io.cfgspace.layout..",
			"io.cfgspace.verification.core..", "io.cfgspace.planning.core..", "io.cfgspace.inventory.core.." };

	/**
	 * Whatever the CLI can run offline; pom.xml puts exactly these packages into
	 * cfgspace-cli.jar.
	 */
	private static final String[] CLI_JAR = { "io.cfgspace.cli..", "io.cfgspace.configspace..", "io.cfgspace.layout..",
			"io.cfgspace.verification.core..", "io.cfgspace.planning.core.." };

	@Test
	void coresUseNoFrameworkNorJdbc() {
		noClasses().that()
			.resideInAnyPackage(CORES)
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage(FRAMEWORKS)
			.orShould()
			.dependOnClassesThat()
			.resideInAnyPackage("java.sql..", "javax.sql..")
			.check(CLASSES);
	}

	/**
	 * A core sees other cores only, never the services, stores and controllers around it.
	 */
	@Test
	void coresNeedOnlyCores() {
		classes().that()
			.resideInAnyPackage(CORES)
			.should()
			.onlyDependOnClassesThat(resideOutsideOfPackage("io.cfgspace..").or(resideInAnyPackage(CORES)))
			.check(CLASSES);
	}

	@Test
	void cliStartsWithoutSpring() {
		noClasses().that()
			.resideInAPackage("io.cfgspace.cli..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("org.springframework..", "jakarta..", "org.hibernate..")
			.check(CLASSES);
	}

	@Test
	void layoutModelKnowsNothingOfDumps() {
		noClasses().that()
			.resideInAPackage("io.cfgspace.layout..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("io.cfgspace.configspace..", "io.cfgspace.cli..")
			.check(CLASSES);
	}

	/** The capability catalog names every register a verdict finds different. */
	@Test
	void verificationCoreNeedsOnlyTheLayoutModelAndTheCatalog() {
		classes().that()
			.resideInAPackage("io.cfgspace.verification.core..")
			.should()
			.onlyDependOnClassesThat(resideOutsideOfPackage("io.cfgspace..").or(resideInAnyPackage(
					"io.cfgspace.layout..", "io.cfgspace.configspace..", "io.cfgspace.verification.core..")))
			.check(CLASSES);
	}

	@Test
	void planningCoreNeedsOnlyTheLayoutModelAndTheVerificationCore() {
		coreNeedsOnlyTheLayoutModelAndTheVerificationCore("io.cfgspace.planning.core..");
	}

	@Test
	void inventoryCoreNeedsOnlyTheLayoutModelAndTheVerificationCore() {
		coreNeedsOnlyTheLayoutModelAndTheVerificationCore("io.cfgspace.inventory.core..");
	}

	private static void coreNeedsOnlyTheLayoutModelAndTheVerificationCore(String core) {
		classes().that()
			.resideInAPackage(core)
			.should()
			.onlyDependOnClassesThat(resideOutsideOfPackage("io.cfgspace..")
				.or(resideInAnyPackage(core, "io.cfgspace.layout..", "io.cfgspace.verification.core..")))
			.check(CLASSES);
	}

	/** Whatever the CLI uses must be in cfgspace-cli.jar, which holds no Spring. */
	@Test
	void cliNeedsOnlyWhatItsJarHolds() {
		classes().that()
			.resideInAPackage("io.cfgspace.cli..")
			.should()
			.onlyDependOnClassesThat(resideOutsideOfPackage("io.cfgspace..").or(resideInAnyPackage(CLI_JAR)))
			.check(CLASSES);
	}

	/** Tokens are hashed by security itself, not with a layout's fingerprint. */
	@Test
	void securityKnowsNoLayouts() {
		noClasses().that()
			.resideInAPackage("io.cfgspace.security..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage(CORES)
			.check(CLASSES);
	}

}
