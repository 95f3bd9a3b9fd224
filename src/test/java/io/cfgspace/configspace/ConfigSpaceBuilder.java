package io.cfgspace.configspace;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.cfgspace.layout.Layout;
import io.cfgspace.layout.LayoutBlock;

/**
 * Builds config-space bytes the way the spec describes them: a type 0/1/2 header, then
 * capability structures placed at chosen offsets. {@link #build()} links the chains
 * itself (capabilities pointer, next pointers, extended headers) in the order the
 * capabilities were added, and sets Status bit 4 when there is a standard capability. Raw
 * writes ({@link #withByte}, {@link #withWord}, {@link #withDword}) are applied after
 * linking, so a test can break a chain on purpose.
 *
 * <pre>
 * endpoint(0x8086, 0x1234).with(0x40, express(2, ENDPOINT))
 * 	.with(0x100, pasid(20, EXECUTE, !PRIVILEGED))
 * 	.build();
 * </pre>
 */
public final class ConfigSpaceBuilder {

	// PCI Express Capabilities register bits 7:4, Device/Port Type (pci_regs.h)
	public static final int ENDPOINT = 0x0;

	public static final int LEGACY_ENDPOINT = 0x1;

	public static final int ROOT_PORT = 0x4;

	public static final int UPSTREAM_PORT = 0x5;

	public static final int DOWNSTREAM_PORT = 0x6;

	public static final int RC_INTEGRATED_ENDPOINT = 0x9;

	public static final int RC_EVENT_COLLECTOR = 0xA;

	// readable names for the boolean arguments of the capability factories
	public static final boolean EXECUTE = true;

	public static final boolean PRIVILEGED = true;

	public static final boolean PASID_REQUIRED = true;

	public static final boolean PAGE_ALIGNED = true;

	private static final int STATUS = 0x06;

	private static final int EXTENDED_START = 0x100;

	private final int headerType;

	private final byte[] image = new byte[ConfigSpace.EXTENDED_SIZE];

	private final List<Placed> standard = new ArrayList<>();

	private final List<Placed> extended = new ArrayList<>();

	private final Map<Integer, Integer> rawWrites = new TreeMap<>();

	private Integer size;

	private Boolean capabilityList;

	private ConfigSpaceBuilder(int headerType, int vendorId, int deviceId) {
		this.headerType = headerType;
		put16(0x00, vendorId);
		put16(0x02, deviceId);
		this.image[0x0E] = (byte) headerType;
	}

	/** A type 0 header. */
	public static ConfigSpaceBuilder endpoint(int vendorId, int deviceId) {
		return new ConfigSpaceBuilder(0, vendorId, deviceId);
	}

	/**
	 * A type 0 header with a version 2 PCI Express endpoint capability at 0x40
	 * (0x40..0x73), so that the extended list is walked.
	 */
	public static ConfigSpaceBuilder expressEndpoint(int vendorId, int deviceId) {
		return endpoint(vendorId, deviceId).with(0x40, express(2, ENDPOINT));
	}

	/** A type 1 (PCI-to-PCI bridge) header. */
	public static ConfigSpaceBuilder bridge(int vendorId, int deviceId) {
		return new ConfigSpaceBuilder(1, vendorId, deviceId);
	}

	/** A type 2 (CardBus bridge) header: capabilities pointer at 0x14. */
	public static ConfigSpaceBuilder cardBus(int vendorId, int deviceId) {
		return new ConfigSpaceBuilder(2, vendorId, deviceId);
	}

	public ConfigSpaceBuilder revision(int revisionId) {
		this.image[0x08] = (byte) revisionId;
		return this;
	}

	/** Base class, sub-class and programming interface as one 24-bit value. */
	public ConfigSpaceBuilder classCode(int classCode) {
		this.image[0x09] = (byte) classCode;
		this.image[0x0A] = (byte) (classCode >> 8);
		this.image[0x0B] = (byte) (classCode >> 16);
		return this;
	}

	public ConfigSpaceBuilder multifunction() {
		this.image[0x0E] |= (byte) 0x80;
		return this;
	}

	/**
	 * Subsystem IDs in the header: 0x2C/0x2E for type 0, 0x40/0x42 for CardBus. A bridge
	 * has none; give it {@link #bridgeSubsystem} instead.
	 */
	public ConfigSpaceBuilder subsystem(int vendorId, int subsystemId) {
		int at = switch (this.headerType) {
			case 0 -> 0x2C;
			case 2 -> 0x40;
			default -> throw new IllegalStateException("a type 1 header has no subsystem fields");
		};
		put16(at, vendorId);
		put16(at + 2, subsystemId);
		return this;
	}

	/**
	 * The number of bytes the dump holds; by default 4096 with extended capabilities,
	 * else 256.
	 */
	public ConfigSpaceBuilder size(int bytes) {
		this.size = bytes;
		return this;
	}

	/** Overrides Status bit 4 (Capabilities List), which is otherwise set when needed. */
	public ConfigSpaceBuilder capabilityList(boolean present) {
		this.capabilityList = present;
		return this;
	}

	/** Places a capability; standard and extended ones each chain in the order added. */
	public ConfigSpaceBuilder with(int offset, Capability capability) {
		(capability.extended ? this.extended : this.standard).add(new Placed(offset, capability));
		return this;
	}

	/** A raw byte, written after the chains are linked. */
	public ConfigSpaceBuilder withByte(int offset, int value) {
		this.rawWrites.put(offset, value & 0xFF);
		return this;
	}

	public ConfigSpaceBuilder withWord(int offset, int value) {
		withByte(offset, value);
		return withByte(offset + 1, value >> 8);
	}

	public ConfigSpaceBuilder withDword(int offset, long value) {
		withWord(offset, (int) value);
		return withWord(offset + 2, (int) (value >>> 16));
	}

	public byte[] bytes() {
		byte[] bytes = this.image.clone();
		for (Placed placed : this.standard) {
			placed.capability.registers
				.forEach((relative, value) -> bytes[placed.offset + relative] = (byte) (int) value);
		}
		for (Placed placed : this.extended) {
			placed.capability.registers
				.forEach((relative, value) -> bytes[placed.offset + relative] = (byte) (int) value);
		}
		boolean list = (this.capabilityList != null) ? this.capabilityList : !this.standard.isEmpty();
		if (list) {
			bytes[STATUS] |= 0x10;
		}
		int head = (this.headerType == 2) ? 0x14 : 0x34;
		if (!this.standard.isEmpty()) {
			bytes[head] = (byte) this.standard.get(0).offset;
		}
		for (int i = 0; i < this.standard.size(); i++) {
			Placed placed = this.standard.get(i);
			int next = (i + 1 < this.standard.size()) ? this.standard.get(i + 1).offset : 0;
			bytes[placed.offset] = (byte) placed.capability.id;
			bytes[placed.offset + 1] = (byte) next;
		}
		List<Placed> chain = new ArrayList<>(this.extended);
		if (!chain.isEmpty() && chain.stream().noneMatch((placed) -> placed.offset == EXTENDED_START)) {
			chain.add(0, new Placed(EXTENDED_START, nullCapability()));
		}
		for (int i = 0; i < chain.size(); i++) {
			Placed placed = chain.get(i);
			int next = (i + 1 < chain.size()) ? chain.get(i + 1).offset : 0;
			long header = placed.capability.id | ((long) placed.capability.version << 16) | ((long) next << 20);
			for (int b = 0; b < 4; b++) {
				bytes[placed.offset + b] = (byte) (header >>> (8 * b));
			}
		}
		this.rawWrites.forEach((offset, value) -> bytes[offset] = (byte) (int) value);
		int bytesHeld = (this.size != null) ? this.size
				: this.extended.isEmpty() ? ConfigSpace.CONVENTIONAL_SIZE : ConfigSpace.EXTENDED_SIZE;
		return Arrays.copyOf(bytes, bytesHeld);
	}

	public ConfigSpace build() {
		return ConfigSpace.of(bytes());
	}

	/** The layout {@link ConfigSpaceParser} reads from these bytes. */
	public Layout parse() {
		return ConfigSpaceParser.parse(build());
	}

	/** The block the parser reads at an offset of these bytes. */
	public LayoutBlock block(int offset) {
		return blockAt(parse(), offset);
	}

	/** The block at a config-space offset (offsets are unique across both spaces). */
	public static LayoutBlock blockAt(Layout layout, int offset) {
		return layout.blocks()
			.stream()
			.filter((block) -> block.offset() == offset)
			.findFirst()
			.orElseThrow(() -> new AssertionError("no block at 0x" + Integer.toHexString(offset) + " in " + layout));
	}

	private void put16(int offset, int value) {
		this.image[offset] = (byte) value;
		this.image[offset + 1] = (byte) (value >> 8);
	}

	// standard capabilities (PCI Local Bus spec, pci-facts.md §3.1)

	/** Any standard capability: ID at +0, next pointer at +1 (set when linking). */
	public static Capability standard(int id) {
		return new Capability(false, id, 0);
	}

	/** Power Management (0x01) with its PMC register at +2. */
	public static Capability powerManagement(int pmc) {
		return standard(0x01).u16(0x02, pmc);
	}

	/** MSI (0x05) with its Message Control register at +2. */
	public static Capability msi(int messageControl) {
		return standard(0x05).u16(0x02, messageControl);
	}

	/**
	 * MSI-X (0x11): table size N is stored N-1 in Message Control bits 10:0; offsets are
	 * qword aligned with the BAR indicator in bits 2:0.
	 */
	public static Capability msiX(int tableSize, int tableBir, long tableOffset, int pbaBir, long pbaOffset) {
		return standard(0x11).u16(0x02, tableSize - 1).u32(0x04, tableOffset | tableBir).u32(0x08, pbaOffset | pbaBir);
	}

	/** PCI Express (0x10): version in bits 3:0, device/port type in bits 7:4 at +2. */
	public static Capability express(int version, int portType) {
		return standard(0x10).u16(0x02, version | (portType << 4));
	}

	/** PCI-X (0x07) with its command register (version in bits 13:12) at +2. */
	public static Capability pciX(int command) {
		return standard(0x07).u16(0x02, command);
	}

	/** Bridge Subsystem Vendor ID (0x0D): vendor at +4, subsystem at +6. */
	public static Capability bridgeSubsystem(int vendorId, int subsystemId) {
		return standard(0x0D).u16(0x04, vendorId).u16(0x06, subsystemId);
	}

	/** Vendor Specific (0x09): the byte at +2 is the length, header included. */
	public static Capability vendorSpecific(int length) {
		return standard(0x09).u8(0x02, length);
	}

	/** HyperTransport (0x08): capability type in bits 7:3 of the byte at +3. */
	public static Capability hyperTransport(int capabilityType) {
		return standard(0x08).u8(0x03, capabilityType << 3);
	}

	// extended capabilities (PCIe spec, pci-facts.md §3.2, §4)

	/** Any extended capability: header dword ID 15:0, version 19:16, next 31:20. */
	public static Capability extended(int id, int version) {
		return new Capability(true, id, version);
	}

	/**
	 * The Null extended capability (ID 0, version 0): a placeholder vfio leaves at 0x100.
	 */
	public static Capability nullCapability() {
		return extended(0x0000, 0);
	}

	/**
	 * PASID (0x1B): capability register at +4, Execute Permission Supported bit 1,
	 * Privileged Mode Supported bit 2, Max PASID Width bits 12:8.
	 */
	public static Capability pasid(int maxPasidWidth, boolean execute, boolean privileged) {
		return extended(0x001B, 1).u16(0x04, (maxPasidWidth << 8) | (execute ? 0x2 : 0) | (privileged ? 0x4 : 0));
	}

	/**
	 * Page Request Interface (0x13): status at +6 (bit 15 PRG Response PASID Required),
	 * outstanding page request capacity at +8.
	 */
	public static Capability pageRequest(long capacity, boolean pasidRequired) {
		return extended(0x0013, 1).u16(0x06, pasidRequired ? 0x8000 : 0).u32(0x08, capacity);
	}

	/**
	 * Address Translation Service (0x0F): capability at +4, Invalidate Queue Depth bits
	 * 4:0, Page Aligned Request bit 5.
	 */
	public static Capability addressTranslation(int invalidateQueueDepth, boolean pageAligned) {
		return extended(0x000F, 1).u16(0x04, (invalidateQueueDepth & 0x1F) | (pageAligned ? 0x20 : 0));
	}

	/**
	 * Access Control Services (0x0D): ACS Capability at +4 (bit 5 P2P Egress Control),
	 * Egress Control Vector Size in bits 15:8.
	 */
	public static Capability accessControl(int capability) {
		return extended(0x000D, 1).u16(0x04, capability);
	}

	/**
	 * Vendor-Specific Extended Capability (0x0B): at +4 VSEC ID 15:0, revision 19:16,
	 * length 31:20.
	 */
	public static Capability vendorSpecificExtended(int vsecId, int revision, int length) {
		return extended(0x000B, 1).u32(0x04, vsecId | ((long) revision << 16) | ((long) length << 20));
	}

	/**
	 * Designated Vendor-Specific (0x23): Header 1 at +4 (vendor 15:0, revision 19:16,
	 * length 31:20), Header 2 at +8 (DVSEC ID).
	 */
	public static Capability designatedVendorSpecific(int vendorId, int revision, int length, int dvsecId) {
		return extended(0x0023, 1).u32(0x04, vendorId | ((long) revision << 16) | ((long) length << 20))
			.u16(0x08, dvsecId);
	}

	/** A capability's registers, relative to its header ("+N" in the spec). */
	public static final class Capability {

		private final boolean extended;

		private final int id;

		private final int version;

		private final Map<Integer, Integer> registers = new TreeMap<>();

		private Capability(boolean extended, int id, int version) {
			this.extended = extended;
			this.id = id;
			this.version = version;
		}

		public Capability u8(int relative, int value) {
			this.registers.put(relative, value & 0xFF);
			return this;
		}

		public Capability u16(int relative, int value) {
			u8(relative, value);
			return u8(relative + 1, value >> 8);
		}

		public Capability u32(int relative, long value) {
			u16(relative, (int) value);
			return u16(relative + 2, (int) (value >>> 16));
		}

	}

	private record Placed(int offset, Capability capability) {

	}

}
