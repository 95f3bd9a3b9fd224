package io.cfgspace.layout;

import java.util.List;
import java.util.Map;

import io.cfgspace.layout.Coverage.Extent;
import io.cfgspace.layout.StructuralFinding.Code;

/** A small hand-made layout and its canonical text, for the document tests. */
final class Layouts {

	static final Identity IDENTITY = new Identity(0x8086, 0x0B25, 0x01, 0x088000, 0, false, 0x8086, 0x0000, 0x40);

	static final LayoutBlock EXPRESS = new LayoutBlock(Space.STANDARD, 0x40, 0x10, null, 0x2C, 0, "Express",
			Origin.PHYSICAL, Map.of("version", 2L, "functionLevelReset", true));

	static final LayoutBlock PASID = new LayoutBlock(Space.EXTENDED, 0x100, 0x1B, 1, 8, 0,
			"Process Address Space ID (PASID)", Origin.HIDDEN,
			Map.of("maxPasidWidth", 20L, "executePermissionSupported", true));

	static final StructuralFinding FINDING = new StructuralFinding(Code.POINTER_MISALIGNED, Space.EXTENDED, 0x102,
			"a \"quoted\" message\twith a tab");

	/** The canonical document of {@link #sample()} with the fingerprint left out. */
	static final String CANONICAL_WITHOUT_FINGERPRINT = "{\"blocks\":["
			+ "{\"fields\":{\"functionLevelReset\":true,\"version\":2},\"id\":16,\"length\":44,\"name\":\"Express\","
			+ "\"next\":0,\"offset\":64,\"origin\":\"physical\",\"space\":\"standard\"},"
			+ "{\"fields\":{\"executePermissionSupported\":true,\"maxPasidWidth\":20},\"id\":27,\"length\":8,"
			+ "\"name\":\"Process Address Space ID (PASID)\",\"next\":0,\"offset\":256,\"origin\":\"hidden\","
			+ "\"space\":\"extended\",\"version\":1}],"
			+ "\"coverage\":{\"bytes\":4096,\"extended\":\"captured\",\"standard\":\"captured\"},"
			+ "\"findings\":[{\"code\":\"POINTER_MISALIGNED\",\"message\":\"a \\\"quoted\\\" message\\twith a tab\","
			+ "\"offset\":258,\"space\":\"extended\"}]," + "\"fingerprint\":\"%s\","
			+ "\"format\":\"cfgspace-layout/1\","
			+ "\"identity\":{\"capabilitiesPointer\":64,\"classCode\":557056,\"deviceId\":2853,\"headerType\":0,"
			+ "\"multifunction\":false,\"revisionId\":1,\"subsystemId\":0,\"subsystemVendorId\":32902,"
			+ "\"vendorId\":32902}}";

	/** What the fingerprint hashes: no names, no findings, no fingerprint. */
	static final String FINGERPRINT_CONTENT = "{\"blocks\":["
			+ "{\"fields\":{\"functionLevelReset\":true,\"version\":2},\"id\":16,\"length\":44,"
			+ "\"next\":0,\"offset\":64,\"origin\":\"physical\",\"space\":\"standard\"},"
			+ "{\"fields\":{\"executePermissionSupported\":true,\"maxPasidWidth\":20},\"id\":27,\"length\":8,"
			+ "\"next\":0,\"offset\":256,\"origin\":\"hidden\",\"space\":\"extended\",\"version\":1}],"
			+ "\"coverage\":{\"bytes\":4096,\"extended\":\"captured\",\"standard\":\"captured\"},"
			+ "\"format\":\"cfgspace-layout/1\","
			+ "\"identity\":{\"capabilitiesPointer\":64,\"classCode\":557056,\"deviceId\":2853,\"headerType\":0,"
			+ "\"multifunction\":false,\"revisionId\":1,\"subsystemId\":0,\"subsystemVendorId\":32902,"
			+ "\"vendorId\":32902}}";

	/** Bytes {@link #recorded()} records: the vendor and device ID, the rest zero. */
	static final byte[] BYTES = bytes();

	private Layouts() {
	}

	private static byte[] bytes() {
		byte[] bytes = new byte[4096];
		bytes[0] = (byte) 0x86;
		bytes[1] = (byte) 0x80;
		bytes[2] = (byte) 0x25;
		bytes[3] = (byte) 0x0B;
		return bytes;
	}

	/**
	 * A {@code cfgspace-layout/2} layout: recorded bytes, a BAR with a size and the ROM
	 * without one, a state declaration, and a per-unit treatment.
	 */
	static Layout recorded() {
		LayoutBlock serial = new LayoutBlock(Space.EXTENDED, 0x100, 0x03, 1, 12, 0, "Device Serial Number",
				Origin.PHYSICAL, Map.of(), PerUnit.EXEMPT);
		return new Layout(IDENTITY, new Coverage(4096, Extent.CAPTURED, Extent.CAPTURED), List.of(EXPRESS, serial),
				List.of(), Image.of(BYTES, 1),
				List.of(new Bar(Bar.Resource.BAR0, Bar.Type.MEMORY64, true, 65536L),
						new Bar(Bar.Resource.ROM, Bar.Type.ROM, false, null)),
				List.of(new StateDeclaration(0x200, 4, 0xFF00L, "a live counter")));
	}

	static Layout sample() {
		return new Layout(IDENTITY, new Coverage(4096, Extent.CAPTURED, Extent.CAPTURED), List.of(EXPRESS, PASID),
				List.of(FINDING));
	}

}
