package io.cfgspace;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
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

	/**
	 * The pure part of verification, which the CLI runs offline; pom.xml puts exactly
	 * these classes into cfgspace-cli.jar.
	 */
	private static final DescribedPredicate<JavaClass> VERIFICATION_CORE = DescribedPredicate
		.describe("the verification core", (javaClass) -> javaClass.getBaseComponentType()
			.getName()
			.matches(
					"io\\.cfgspace\\.verification\\.(Verifier|SideView|IommuSupport|Finding|FindingCode|Verdict|Quirk|ComparedPin|ByteComparison|BarComparison|Words)(\\$.*)?"));

	/**
	 * The pure part of planning, which the CLI runs offline; pom.xml puts the planning
	 * package into cfgspace-cli.jar without these exceptions.
	 */
	private static final DescribedPredicate<JavaClass> PLANNING_CORE = DescribedPredicate.describe("the planning core",
			(javaClass) -> javaClass.getBaseComponentType().getPackageName().equals("io.cfgspace.planning")
					&& !javaClass.getBaseComponentType().getName().startsWith("io.cfgspace.planning.PlanningService"));

	/**
	 * The pure part of the host inventory: placement matching. The services, the store
	 * and the web layer around it are Spring's.
	 */
	private static final DescribedPredicate<JavaClass> INVENTORY_CORE = DescribedPredicate.describe(
			"the inventory core",
			(javaClass) -> javaClass.getBaseComponentType().getPackageName().equals("io.cfgspace.inventory")
					&& !javaClass.getBaseComponentType()
						.getName()
						.matches("io\\.cfgspace\\.inventory\\.(InventoryService|PlacementService|HostStore)(\\$.*)?"));

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

	@Test
	void verificationCoreUsesNoFramework() {
		noClasses().that(VERIFICATION_CORE)
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage(FRAMEWORKS)
			.check(CLASSES);
	}

	/** The capability catalog names every register a verdict finds different. */
	@Test
	void verificationCoreNeedsOnlyTheLayoutModelAndTheCatalog() {
		classes().that(VERIFICATION_CORE)
			.should()
			.onlyDependOnClassesThat(resideOutsideOfPackage("io.cfgspace..")
				.or(resideInAnyPackage("io.cfgspace.layout..", "io.cfgspace.configspace.."))
				.or(VERIFICATION_CORE))
			.check(CLASSES);
	}

	@Test
	void inventoryCoreUsesNoFramework() {
		noClasses().that(INVENTORY_CORE).should().dependOnClassesThat().resideInAnyPackage(FRAMEWORKS).check(CLASSES);
	}

	@Test
	void inventoryCoreNeedsOnlyTheLayoutModelAndTheVerificationCore() {
		classes().that(INVENTORY_CORE)
			.should()
			.onlyDependOnClassesThat(
					resideOutsideOfPackage("io.cfgspace..").or(resideInAnyPackage("io.cfgspace.layout.."))
						.or(VERIFICATION_CORE)
						.or(INVENTORY_CORE))
			.check(CLASSES);
	}

	@Test
	void planningCoreUsesNoFramework() {
		noClasses().that(PLANNING_CORE).should().dependOnClassesThat().resideInAnyPackage(FRAMEWORKS).check(CLASSES);
	}

	@Test
	void planningCoreNeedsOnlyTheLayoutModelAndTheVerificationCore() {
		classes().that(PLANNING_CORE)
			.should()
			.onlyDependOnClassesThat(
					resideOutsideOfPackage("io.cfgspace..").or(resideInAnyPackage("io.cfgspace.layout.."))
						.or(VERIFICATION_CORE)
						.or(PLANNING_CORE))
			.check(CLASSES);
	}

	/** Whatever the CLI uses must be in cfgspace-cli.jar, which holds no Spring. */
	@Test
	void cliNeedsOnlyWhatItsJarHolds() {
		classes().that()
			.resideInAPackage("io.cfgspace.cli..")
			.should()
			.onlyDependOnClassesThat(resideOutsideOfPackage("io.cfgspace..")
				.or(resideInAnyPackage("io.cfgspace.cli..", "io.cfgspace.configspace..", "io.cfgspace.layout.."))
				.or(VERIFICATION_CORE)
				.or(PLANNING_CORE))
			.check(CLASSES);
	}

}
