package io.cfgspace.verification.core;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.cfgspace.layout.Space;

/**
 * How one VMM build treats a passed-through device's config space: which blocks it can
 * synthesize and through which device property, which capabilities it hides or
 * virtualizes, and whether its own migration check compares the bodies of vendor-specific
 * capabilities. Data an admin keeps (seeded with sources), never a code branch.
 *
 * @param name the profile's name, such as {@code qemu-9.1-machine-9.1}
 * @param vmm which VMM
 * @param match the VMM versions and machine types it describes, or {@code null} when a
 * host must name it explicitly
 * @param device the VMM's device for an assigned PCI function ({@code vfio-pci}), or
 * {@code null} when it has none to set properties on
 * @param synthesizes the blocks it can synthesize
 * @param hides the capabilities the guest never sees through it (the kernel's vfio
 * included)
 * @param virtualizes the capabilities it shows with contents of its own (informative)
 * @param vendorSpecificBodies what its own migration check does with the body of a
 * standard vendor-specific capability
 * @param source where every fact of the profile comes from
 */
public record VmmProfile(String name, Vmm vmm, Match match, String device, List<Synthesis> synthesizes,
		List<Capabilities> hides, List<Capabilities> virtualizes, VendorSpecificBodies vendorSpecificBodies,
		String source) {

	public static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._+-]{0,63}");

	public VmmProfile {
		if (!NAME.matcher(name).matches()) {
			throw new IllegalArgumentException(
					"name '" + name + "' is not 1 to 64 of a-z 0-9 . _ + - (starting" + " with a letter or digit)");
		}
		synthesizes = List.copyOf(synthesizes);
		hides = List.copyOf(hides);
		virtualizes = List.copyOf(virtualizes);
		if (source == null || source.isBlank()) {
			throw new IllegalArgumentException("a profile needs its source: where each of its facts comes from");
		}
	}

	/** The VMMs a profile can describe. */
	public enum Vmm {

		QEMU("qemu"), CLOUD_HYPERVISOR("cloud-hypervisor");

		private final String json;

		Vmm(String json) {
			this.json = json;
		}

		public String json() {
			return this.json;
		}

		public static Vmm fromJson(String value) {
			for (Vmm vmm : values()) {
				if (vmm.json.equals(value)) {
					return vmm;
				}
			}
			throw new IllegalArgumentException("vmm must be qemu or cloud-hypervisor, not '" + value + "'");
		}

	}

	/**
	 * What the VMM's own migration check does with the body of a standard vendor-specific
	 * capability (ID 0x09) after its 3-byte header: QEMU's vfio-pci
	 * {@code skip-vsc-check}.
	 */
	public enum VendorSpecificBodies {

		/** Compared byte by byte on the destination. */
		COMPARED,
		/** Left out of the compare. */
		SKIPPED,
		/** Not known for this VMM. */
		UNKNOWN;

		public String json() {
			return name().toLowerCase(Locale.ROOT);
		}

		public static VendorSpecificBodies fromJson(String value) {
			for (VendorSpecificBodies bodies : values()) {
				if (bodies.json().equals(value)) {
					return bodies;
				}
			}
			throw new IllegalArgumentException(
					"vendorSpecificBodies must be compared, skipped or unknown, not '" + value + "'");
		}

	}

	/**
	 * A block the VMM can synthesize, and where.
	 *
	 * @param property the device property that places it, or {@code null} when nothing
	 * can: then it goes to {@code defaultOffset} only
	 * @param defaultOffset where it goes without the property
	 * @param alignment the offsets the property takes are multiples of this
	 * @param lowest the lowest offset the property takes
	 * @param note what else the VMM needs for it, or {@code null}
	 */
	public record Synthesis(Space space, int id, String property, int defaultOffset, int alignment, int lowest,
			String note) {

		public Synthesis {
			if (alignment < 1 || lowest < space.start() || defaultOffset < space.start()
					|| defaultOffset >= space.end()) {
				throw new IllegalArgumentException("a synthesized block's offsets must lie in " + space.json()
						+ " space and its alignment be at least 1");
			}
		}

	}

	/**
	 * Capabilities of one space, by ID, with why. {@code idsFrom}, when given, takes in
	 * every ID from it upward too: vfio hides every extended capability its length table
	 * does not know, so a new ID of a later spec is hidden as well.
	 */
	public record Capabilities(Space space, List<Integer> ids, Integer idsFrom, String note) {

		public Capabilities {
			ids = List.copyOf(ids);
		}

		boolean contains(Space other, int id) {
			return this.space == other && (this.ids.contains(id) || (this.idsFrom != null && id >= this.idsFrom));
		}

	}

	/**
	 * The VMM versions and machine types a profile describes; {@code null} bounds are
	 * open. Versions compare numerically, part by part ({@code 9.1 < 9.1.2 < 10.0}); a
	 * machine type's version is its name's suffix ({@code pc-q35-9.2}, {@code virt-9.1})
	 * and its family the rest.
	 *
	 * @param versionFrom the lowest VMM version, inclusive
	 * @param versionBelow the first VMM version it no longer describes
	 * @param machineFamilies the machine families, or empty for any
	 * @param machineFrom the lowest machine type version, inclusive
	 * @param machineBelow the first machine type version it no longer describes
	 */
	public record Match(String versionFrom, String versionBelow, List<String> machineFamilies, String machineFrom,
			String machineBelow) {

		private static final Pattern VERSION = Pattern.compile("\\d{1,4}(\\.\\d{1,4}){0,3}");

		public Match {
			machineFamilies = List.copyOf(machineFamilies);
			for (String bound : new String[] { versionFrom, versionBelow, machineFrom, machineBelow }) {
				if (bound != null && !VERSION.matcher(bound).matches()) {
					throw new IllegalArgumentException("'" + bound + "' is not a version such as 9.1 or 10.0.2");
				}
			}
		}

		boolean matches(String version, String machineType) {
			if (!within(version, this.versionFrom, this.versionBelow)) {
				return false;
			}
			if (this.machineFamilies.isEmpty() && this.machineFrom == null && this.machineBelow == null) {
				return true;
			}
			Matcher machine = (machineType != null) ? MACHINE_TYPE.matcher(machineType) : null;
			if (machine == null || !machine.matches()) {
				return false;
			}
			return (this.machineFamilies.isEmpty() || this.machineFamilies.contains(machine.group(1)))
					&& within(machine.group(2), this.machineFrom, this.machineBelow);
		}

		private static boolean within(String version, String from, String below) {
			if (from == null && below == null) {
				return true;
			}
			if (version == null) {
				return false;
			}
			return (from == null || compare(version, from) >= 0) && (below == null || compare(version, below) < 0);
		}

	}

	/** {@code pc-q35-9.2}: family {@code pc-q35}, version {@code 9.2}. */
	private static final Pattern MACHINE_TYPE = Pattern.compile("([a-z0-9][a-z0-9_-]*?)-(\\d{1,4}\\.\\d{1,4})");

	private static final Pattern VERSION_IN_TEXT = Pattern.compile("(?<![\\d.])(\\d{1,4}\\.\\d{1,4}(\\.\\d{1,4})?)");

	/**
	 * The version in what a VMM prints, such as {@code QEMU emulator version 9.2.0
	 * (Debian 1:9.2.0+ds-1)} or {@code cloud-hypervisor v48.0.0}; {@code null} when there
	 * is none.
	 */
	public static String versionIn(String text) {
		if (text == null) {
			return null;
		}
		Matcher matcher = VERSION_IN_TEXT.matcher(text);
		return matcher.find() ? matcher.group(1) : null;
	}

	/**
	 * Whether this profile describes that VMM build and machine type; a profile without a
	 * match rule describes none (a host names it).
	 */
	public boolean describes(Vmm vmm, String version, String machineType) {
		return this.match != null && this.vmm == vmm && this.match.matches(version, machineType);
	}

	/** The synthesis of that capability, or {@code null} when the VMM cannot build it. */
	public Synthesis synthesis(Space space, int id) {
		return this.synthesizes.stream().filter((s) -> s.space() == space && s.id() == id).findFirst().orElse(null);
	}

	/** Why the guest never sees that capability through this VMM, or {@code null}. */
	public String hidden(Space space, int id) {
		return this.hides.stream()
			.filter((c) -> c.contains(space, id))
			.map(Capabilities::note)
			.findFirst()
			.orElse(null);
	}

	static int compare(String left, String right) {
		String[] a = left.split("\\.");
		String[] b = right.split("\\.");
		for (int i = 0; i < Math.max(a.length, b.length); i++) {
			int x = (i < a.length) ? Integer.parseInt(a[i]) : 0;
			int y = (i < b.length) ? Integer.parseInt(b[i]) : 0;
			if (x != y) {
				return Integer.compare(x, y);
			}
		}
		return 0;
	}

}
