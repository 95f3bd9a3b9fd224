package io.cfgspace.configspace.capability;

import static io.cfgspace.configspace.capability.Registers.bit;
import static io.cfgspace.configspace.capability.Registers.bits;

/**
 * Access Control Services (extended 0x000D): 8 bytes, plus the egress control vector when
 * P2P Egress Control is supported (vector size rounded up to 32 bits, 0 meaning 256).
 */
final class AccessControl implements CapabilityRule {

	@Override
	public int length(Registers registers, DeviceContext device) {
		if (!registers.has(4, 2) || !bit(registers.u16(4), 5)) {
			return 8;
		}
		return 8 + (int) (egressVectorBits(registers.u16(4)) / 8);
	}

	@Override
	public void decode(Registers registers, DeviceContext device, Fields fields) {
		int capability = registers.u16(4);
		fields.put("acsCapabilities", capability)
			.flag("sourceValidation", bit(capability, 0))
			.flag("translationBlocking", bit(capability, 1))
			.flag("p2pRequestRedirect", bit(capability, 2))
			.flag("p2pCompletionRedirect", bit(capability, 3))
			.flag("upstreamForwarding", bit(capability, 4))
			.flag("p2pEgressControl", bit(capability, 5))
			.flag("directTranslatedP2p", bit(capability, 6));
		if (bit(capability, 5)) {
			long size = bits(capability, 15, 8);
			fields.put("egressControlVectorSize", (size == 0) ? 256 : size);
		}
		fields.from(4, 0xFFFF);
	}

	/**
	 * PCIe 6.0, ACS Extended Capability: ACS Capability (RO), ACS Control (RW), and the
	 * Egress Control Vector (RW) when P2P Egress Control is supported.
	 */
	@Override
	public void registers(Registers registers, DeviceContext device, RegisterTable table) {
		table.identity(0x04, 2, "ACS Capability").state(0x06, 2, "ACS Control");
		int capability = registers.has(4, 2) ? registers.u16(4) : 0;
		if (bit(capability, 5)) {
			for (int dword = 0; dword < egressVectorBits(capability) / 32; dword++) {
				table.state(0x08 + 4 * dword, 4, "Egress Control Vector (DWORD #)", dword);
			}
		}
	}

	private static long egressVectorBits(int capability) {
		long size = bits(capability, 15, 8);
		long vectorBits = (size == 0) ? 256 : size;
		return (vectorBits + 31) / 32 * 32;
	}

}
