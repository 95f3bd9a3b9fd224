package io.cfgspace.verification.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * What a VMM learns from the host IOMMU: iommufd {@code IOMMU_GET_HW_INFO}
 * ({@code out_max_pasid_log2}, {@code out_capabilities}; iommufd.h) and Intel VT-d's raw
 * Extended Capability register (Linux {@code drivers/iommu/intel/iommu.h}, the
 * {@code ecap_*} macros).
 */
class IommuSupportTest {

	// iommufd.h: IOMMU_HW_CAP_DIRTY_TRACKING, IOMMU_HW_CAP_PCI_PASID_EXEC,
	// IOMMU_HW_CAP_PCI_PASID_PRIV
	private static final long DIRTY_TRACKING = 1L << 0;

	private static final long PASID_EXEC = 1L << 1;

	private static final long PASID_PRIV = 1L << 2;

	// VT-d ECAP bits (ecap_dev_iotlb_support, ecap_prs, ecap_ers, ecap_srs, ecap_pss,
	// ecap_pasid)
	private static final long DEVICE_TLB = 1L << 2;

	private static final long PAGE_REQUESTS = 1L << 29;

	private static final long EXECUTE_REQUESTS = 1L << 30;

	private static final long SUPERVISOR_REQUESTS = 1L << 31;

	private static final long PASID = 1L << 40;

	/**
	 * Bits of the ECAP that say nothing about PASID: coherency (0), queued invalidation
	 * (1), interrupt remapping (3), pass-through (6), snoop control (7), nested (26),
	 * scalable mode (43), first-level (47), second-level (46).
	 */
	private static final long UNRELATED = (1L << 0) | (1L << 1) | (1L << 3) | (1L << 6) | (1L << 7) | (1L << 26)
			| (1L << 43) | (1L << 46) | (1L << 47);

	/** A VT-d CAP register; the decoding reads only ECAP. */
	private static final long CAP = 0x00D2_008C_1066_0462L;

	@Test
	void iommufdGivesThePasidWidthAndTheExecuteAndPrivilegedFlags() {
		IommuSupport support = IommuSupport.fromIommufd(20, PASID_EXEC | PASID_PRIV, true, true);

		assertThat(support).isEqualTo(new IommuSupport(true, 20, true, true, true, true));
	}

	@Test
	void iommufdReadsExecuteFromBit1AndPrivilegedFromBit2() {
		assertThat(IommuSupport.fromIommufd(20, PASID_EXEC, false, false))
			.isEqualTo(new IommuSupport(true, 20, true, false, false, false));
		assertThat(IommuSupport.fromIommufd(20, PASID_PRIV, false, false))
			.isEqualTo(new IommuSupport(true, 20, false, true, false, false));
		assertThat(IommuSupport.fromIommufd(16, DIRTY_TRACKING, false, false))
			.isEqualTo(new IommuSupport(true, 16, false, false, false, false));
	}

	@Test
	void iommufdWithALog2OfZeroHasNoPasidAndItsFlagsAreIgnored() {
		IommuSupport support = IommuSupport.fromIommufd(0, PASID_EXEC | PASID_PRIV | DIRTY_TRACKING, true, false);

		assertThat(support.pasid()).isFalse();
		assertThat(support.maxPasidWidth()).isZero();
		assertThat(support.execute()).isFalse();
		assertThat(support.privileged()).isFalse();
	}

	@Test
	void iommufdTakesPageRequestsAndDeviceTlbFromTheCaller() {
		// iommufd has no PRI or ATS flag in out_capabilities
		assertThat(IommuSupport.fromIommufd(20, 0, true, false))
			.isEqualTo(new IommuSupport(true, 20, false, false, true, false));
		assertThat(IommuSupport.fromIommufd(0, 0, false, true))
			.isEqualTo(new IommuSupport(false, 0, false, false, false, true));
	}

	@Test
	void vtdReadsPasidSizeSupportedAsWidthMinusOne() {
		// PSS (bits 39:35) = 19 means 20-bit PASIDs
		long ecap = UNRELATED | PASID | (19L << 35) | EXECUTE_REQUESTS | SUPERVISOR_REQUESTS | PAGE_REQUESTS
				| DEVICE_TLB;
		assertThat(ecap).isEqualTo(0x0000_C998_E400_00CFL);

		assertThat(IommuSupport.fromVtd(CAP, ecap)).isEqualTo(new IommuSupport(true, 20, true, true, true, true));
	}

	@Test
	void vtdPasidSizeCoversTheWholeFiveBitField() {
		assertThat(IommuSupport.fromVtd(CAP, PASID).maxPasidWidth()).isEqualTo(1);
		assertThat(IommuSupport.fromVtd(CAP, PASID | (15L << 35)).maxPasidWidth()).isEqualTo(16);
		assertThat(IommuSupport.fromVtd(CAP, PASID | (0x1FL << 35)).maxPasidWidth()).isEqualTo(32);
		// bit 40 is PASID support, not a sixth size bit
		assertThat(IommuSupport.fromVtd(CAP, PASID | (0x1FL << 35) | (1L << 41)).maxPasidWidth()).isEqualTo(32);
	}

	@Test
	void vtdReadsExecuteFromBit30AndSupervisorFromBit31() {
		long base = UNRELATED | PASID | (19L << 35);

		assertThat(IommuSupport.fromVtd(CAP, base | EXECUTE_REQUESTS))
			.isEqualTo(new IommuSupport(true, 20, true, false, false, false));
		assertThat(IommuSupport.fromVtd(CAP, base | SUPERVISOR_REQUESTS))
			.isEqualTo(new IommuSupport(true, 20, false, true, false, false));
	}

	@Test
	void vtdReadsPageRequestsFromBit29AndDeviceTlbFromBit2() {
		long base = UNRELATED | PASID | (19L << 35);

		assertThat(IommuSupport.fromVtd(CAP, base | PAGE_REQUESTS))
			.isEqualTo(new IommuSupport(true, 20, false, false, true, false));
		assertThat(IommuSupport.fromVtd(CAP, base | DEVICE_TLB))
			.isEqualTo(new IommuSupport(true, 20, false, false, false, true));
	}

	@Test
	void vtdWithoutBit40HasNoPasidWhateverTheSizeExecuteAndSupervisorBitsSay() {
		long ecap = UNRELATED | (19L << 35) | EXECUTE_REQUESTS | SUPERVISOR_REQUESTS | PAGE_REQUESTS | DEVICE_TLB;

		IommuSupport support = IommuSupport.fromVtd(CAP, ecap);

		assertThat(support).isEqualTo(new IommuSupport(false, 0, false, false, true, true));
	}

	@Test
	void vtdWithNothingSetSupportsNothing() {
		assertThat(IommuSupport.fromVtd(0, 0)).isEqualTo(new IommuSupport(false, 0, false, false, false, false));
	}

}
