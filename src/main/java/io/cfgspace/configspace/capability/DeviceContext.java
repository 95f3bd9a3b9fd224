package io.cfgspace.configspace.capability;

import io.cfgspace.configspace.ConfigSpace;

/**
 * What some length rules and register tables need to know about the device beyond one
 * capability: its header type, and from its PCI Express capability the port type, the
 * maximum link width and whether it supports End-End TLP Prefixes. All of it is
 * read-only.
 *
 * @param headerType header layout (0 endpoint, 1 bridge, 2 CardBus)
 * @param expressPortType PCIe device/port type, or -1 without a PCIe capability
 * @param maxLinkWidth maximum link width in lanes, or 0 when unknown
 * @param endEndTlpPrefix whether Device Capabilities 2 says End-End TLP Prefix Supported
 */
public record DeviceContext(int headerType, int expressPortType, int maxLinkWidth, boolean endEndTlpPrefix) {

	public static final int PORT_ROOT_PORT = 4;

	public static final int PORT_DOWNSTREAM = 6;

	public static final int PORT_RC_INTEGRATED_ENDPOINT = 9;

	public static final int PORT_RC_EVENT_COLLECTOR = 10;

	/** Device Capabilities 2 bit 21 (pci_regs.h PCI_EXP_DEVCAP2_EE_PREFIX). */
	private static final long DEVCAP2_EE_PREFIX = 0x0020_0000L;

	public DeviceContext(int headerType, int expressPortType, int maxLinkWidth) {
		this(headerType, expressPortType, maxLinkWidth, false);
	}

	/**
	 * The context of a config space whose PCI Express capability starts at
	 * {@code express}, or -1 without one.
	 */
	public static DeviceContext of(ConfigSpace configSpace, int express) {
		int headerType = configSpace.u8(0x0E) & 0x7F;
		if (express < 0 || !configSpace.has(express, 0x10)) {
			return new DeviceContext(headerType, -1, 0);
		}
		int flags = configSpace.u16(express + 2);
		int width = (int) ((configSpace.u32(express + 0x0C) >> 4) & 0x3F);
		boolean prefix = (flags & 0xF) >= 2 && configSpace.has(express + 0x24, 4)
				&& (configSpace.u32(express + 0x24) & DEVCAP2_EE_PREFIX) != 0;
		return new DeviceContext(headerType, (flags >> 4) & 0xF, width, prefix);
	}

	/** A root port or a root complex event collector: AER has its root registers. */
	public boolean isRoot() {
		return this.expressPortType == PORT_ROOT_PORT || this.expressPortType == PORT_RC_EVENT_COLLECTOR;
	}

}
