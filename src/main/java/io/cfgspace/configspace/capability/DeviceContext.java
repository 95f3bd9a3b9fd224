package io.cfgspace.configspace.capability;

/**
 * What some length rules need to know about the device beyond one capability: its header
 * type, and from its PCI Express capability the port type and maximum link width.
 *
 * @param headerType header layout (0 endpoint, 1 bridge, 2 CardBus)
 * @param expressPortType PCIe device/port type, or -1 without a PCIe capability
 * @param maxLinkWidth maximum link width in lanes, or 0 when unknown
 */
public record DeviceContext(int headerType, int expressPortType, int maxLinkWidth) {

	public static final int PORT_ROOT_PORT = 4;

	public static final int PORT_RC_INTEGRATED_ENDPOINT = 9;

	public static final int PORT_RC_EVENT_COLLECTOR = 10;

}
