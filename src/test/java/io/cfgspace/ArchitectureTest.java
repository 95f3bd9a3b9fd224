package io.cfgspace;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The domain core stays plain Java, and dependencies point inward. */
class ArchitectureTest {

	private static final JavaClasses CLASSES = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("io.cfgspace");

	private static final String[] FRAMEWORKS = { "org.springframework..", "jakarta..", "org.hibernate..",
			"com.fasterxml..", "tools.jackson..", "picocli.." };

	@Test
	void coreUsesNoFramework() {
		noClasses().that()
			.resideInAnyPackage("io.cfgspace.configspace..", "io.cfgspace.layout..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage(FRAMEWORKS)
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

	@Test
	void coreDoesNotReachOutward() {
		noClasses().that()
			.resideInAnyPackage("io.cfgspace.configspace..", "io.cfgspace.layout..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("io.cfgspace.cli..")
			.check(CLASSES);
	}

}
