package io.cfgspace.verification.core;

/**
 * What a host's IOMMU can do for one device, as a VMM learns it (iommufd
 * {@code IOMMU_GET_HW_INFO}, or Intel VT-d's raw capability registers).
 *
 * @param pasid PASIDs are supported at all
 * @param maxPasidWidth PASID bits supported (0 without PASID)
 * @param execute execute-permission requests are supported
 * @param privileged privileged-mode (supervisor) requests are supported
 * @param pageRequests page requests (PRI) are supported
 * @param deviceTlb device TLBs (ATS) are supported
 */
public record IommuSupport(boolean pasid, int maxPasidWidth, boolean execute, boolean privileged, boolean pageRequests,
		boolean deviceTlb) {

	/** iommufd: {@code out_capabilities} bit 1 is PASID exec, bit 2 PASID priv. */
	private static final long IOMMU_HW_CAP_PCI_PASID_EXEC = 1L << 1;

	private static final long IOMMU_HW_CAP_PCI_PASID_PRIV = 1L << 2;

	/**
	 * From iommufd's {@code IOMMU_GET_HW_INFO}: {@code out_max_pasid_log2} (0 means no
	 * PASID) and {@code out_capabilities}. iommufd has no PRI or ATS flag; the caller
	 * says.
	 */
	public static IommuSupport fromIommufd(int maxPasidLog2, long capabilities, boolean pageRequests,
			boolean deviceTlb) {
		boolean pasid = maxPasidLog2 > 0;
		return new IommuSupport(pasid, maxPasidLog2, pasid && (capabilities & IOMMU_HW_CAP_PCI_PASID_EXEC) != 0,
				pasid && (capabilities & IOMMU_HW_CAP_PCI_PASID_PRIV) != 0, pageRequests, deviceTlb);
	}

	/**
	 * From Intel VT-d's Extended Capability register (Linux {@code ecap_*}): bit 40
	 * PASID, bits 39:35 PASID Size Supported (width = value + 1), bit 30 execute
	 * requests, bit 31 supervisor requests, bit 29 page requests, bit 2 device TLB.
	 */
	public static IommuSupport fromVtd(long capability, long extendedCapability) {
		boolean pasid = bit(extendedCapability, 40);
		int width = pasid ? (int) ((extendedCapability >>> 35) & 0x1F) + 1 : 0;
		return new IommuSupport(pasid, width, pasid && bit(extendedCapability, 30),
				pasid && bit(extendedCapability, 31), bit(extendedCapability, 29), bit(extendedCapability, 2));
	}

	private static boolean bit(long value, int bit) {
		return ((value >>> bit) & 1) != 0;
	}

}
