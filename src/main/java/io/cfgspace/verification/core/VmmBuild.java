package io.cfgspace.verification.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

import io.cfgspace.layout.Layout;
import io.cfgspace.layout.LayoutBlock;
import io.cfgspace.layout.Origin;
import io.cfgspace.layout.Space;

/**
 * What a VMM must be told so that it builds exactly a pinned layout, or why it cannot.
 * Never a configuration that builds something else: a block the profile hides, shows or
 * cannot place where the pin has it is a refusal.
 *
 * @param profile the VMM profile
 * @param properties the device properties to set, in block order
 * @param notes what else the operator must know (what the VMM needs for a block, what its
 * own migration check compares)
 * @param refusals why the profile cannot build the pin; empty when it can
 */
public record VmmBuild(VmmProfile profile, List<Property> properties, List<String> notes, List<String> refusals) {

	/** libvirt's namespace for QEMU-specific domain XML. */
	public static final String LIBVIRT_QEMU_NAMESPACE = "http://libvirt.org/schemas/domain/qemu/1.0";

	private static final int VENDOR_SPECIFIC = 0x09;

	public VmmBuild {
		properties = List.copyOf(properties);
		notes = List.copyOf(notes);
		refusals = List.copyOf(refusals);
	}

	/** A device property that places a synthesized block at its pinned offset. */
	public record Property(String name, int value, LayoutBlock block) {

	}

	public static VmmBuild of(Layout pin, VmmProfile profile) {
		List<Property> properties = new ArrayList<>();
		List<String> notes = new ArrayList<>();
		List<String> refusals = new ArrayList<>();
		Set<Integer> synthesized = new TreeSet<>();
		for (LayoutBlock block : pin.blocks()) {
			String hidden = profile.hidden(block.space(), block.id());
			switch (block.origin()) {
				case PHYSICAL -> {
					if (hidden != null) {
						refusals.add("the pin shows the physical " + describe(block) + ", but " + profile.name()
								+ " hides it: " + hidden);
					}
					else if (block.space() == Space.STANDARD && block.id() == VENDOR_SPECIFIC && block.length() > 3) {
						notes.add(vendorSpecific(profile, block));
					}
				}
				case HIDDEN -> {
					if (hidden == null) {
						refusals.add("the pin hides the physical " + describe(block) + ", but " + profile.name()
								+ " shows it to the guest, and no setting hides it");
					}
				}
				case SYNTHESIZED -> {
					synthesized.add(block.id());
					place(block, profile, properties, notes, refusals);
				}
			}
		}
		for (VmmProfile.Synthesis synthesis : profile.synthesizes()) {
			if (synthesis.property() != null && !synthesized.contains(synthesis.id())) {
				notes.add(profile.name() + " may synthesize a capability " + hex(synthesis.id()) + " at "
						+ offset(synthesis.defaultOffset()) + " by itself when the host and the vIOMMU support it; the"
						+ " pin has none, so keep that support off for this device");
			}
		}
		return new VmmBuild(profile, properties, notes, refusals);
	}

	private static void place(LayoutBlock block, VmmProfile profile, List<Property> properties, List<String> notes,
			List<String> refusals) {
		VmmProfile.Synthesis synthesis = profile.synthesis(block.space(), block.id());
		if (synthesis == null) {
			refusals.add(profile.name() + " cannot synthesize the " + describe(block) + " the pin has");
			return;
		}
		if (synthesis.note() != null) {
			notes.add(block.name() + ": " + synthesis.note());
		}
		if (synthesis.property() == null) {
			if (block.offset() != synthesis.defaultOffset()) {
				refusals.add(profile.name() + " places a synthesized " + block.name() + " only at "
						+ offset(synthesis.defaultOffset()) + ", but the pin has it at " + offset(block.offset()));
			}
			return;
		}
		if (block.offset() % synthesis.alignment() != 0 || block.offset() < synthesis.lowest()
				|| block.end() > block.space().end()) {
			refusals
				.add(profile.name() + "'s " + synthesis.property() + " takes offsets from " + offset(synthesis.lowest())
						+ " that are multiples of " + synthesis.alignment() + " and leave the block within "
						+ offset(block.space().end()) + ", but the pin has the " + describe(block));
			return;
		}
		properties.add(new Property(synthesis.property(), block.offset(), block));
	}

	private static String vendorSpecific(VmmProfile profile, LayoutBlock block) {
		String check = switch (profile.vendorSpecificBodies()) {
			case COMPARED -> "compares its body byte by byte on migration (vfio-pci skip-vsc-check off)";
			case SKIPPED -> "leaves its body out of its migration check (vfio-pci skip-vsc-check on); cfgspace still"
					+ " compares it";
			case UNKNOWN -> "may or may not compare its body on migration (not known for this VMM)";
		};
		return "the vendor-specific capability at " + offset(block.offset()) + ": " + profile.name() + " " + check;
	}

	public boolean buildable() {
		return this.refusals.isEmpty();
	}

	/**
	 * The device properties this profile controls: a domain must set exactly the ones the
	 * pin needs, and no other of them.
	 */
	public Set<String> controlledProperties() {
		Set<String> names = new TreeSet<>();
		this.profile.synthesizes()
			.stream()
			.map(VmmProfile.Synthesis::property)
			.filter((p) -> p != null)
			.forEach(names::add);
		return names;
	}

	/**
	 * libvirt's {@code <qemu:override>} for the hostdev with this alias, or {@code null}
	 * when the VMM is not QEMU or nothing is to be set. Values are decimal, as libvirt's
	 * documentation writes them.
	 */
	public String libvirtOverride(String alias) {
		if (this.profile.vmm() != VmmProfile.Vmm.QEMU || this.properties.isEmpty()) {
			return null;
		}
		StringBuilder xml = new StringBuilder();
		xml.append("<qemu:override xmlns:qemu=\"").append(LIBVIRT_QEMU_NAMESPACE).append("\">\n");
		xml.append("  <qemu:device alias=\"").append(escape(alias)).append("\">\n");
		xml.append("    <qemu:frontend>\n");
		for (Property property : this.properties) {
			xml.append("      <qemu:property name=\"")
				.append(escape(property.name()))
				.append("\" type=\"unsigned\" value=\"")
				.append(property.value())
				.append("\"/>\n");
		}
		xml.append("    </qemu:frontend>\n");
		xml.append("  </qemu:device>\n");
		xml.append("</qemu:override>\n");
		return xml.toString();
	}

	/**
	 * The VMM's command line for the device: QEMU's {@code -device}, Cloud Hypervisor's
	 * {@code --device}.
	 */
	public String commandLine(String hostAddress, String alias) {
		String host = (hostAddress != null) ? hostAddress : "DDDD:BB:DD.F";
		if (this.profile.vmm() == VmmProfile.Vmm.CLOUD_HYPERVISOR) {
			return "--device path=/sys/bus/pci/devices/" + host + "/" + ((alias != null) ? ",id=" + alias : "");
		}
		StringBuilder line = new StringBuilder("-device ")
			.append((this.profile.device() != null) ? this.profile.device() : "vfio-pci");
		line.append(",host=").append(host);
		if (alias != null) {
			line.append(",id=").append(alias);
		}
		for (Property property : this.properties) {
			line.append(',').append(property.name()).append('=').append(property.value());
		}
		return line.toString();
	}

	private static String describe(LayoutBlock block) {
		return block.name() + " at " + offset(block.offset());
	}

	static String offset(int offset) {
		return String.format(Locale.ROOT, "0x%03x", offset);
	}

	private static String hex(int value) {
		return "0x" + Integer.toHexString(value);
	}

	private static String escape(String text) {
		return text.replace("&", "&amp;").replace("<", "&lt;").replace("\"", "&quot;").replace(">", "&gt;");
	}

}
