package io.cfgspace.cli;

import java.util.LinkedHashMap;
import java.util.Map;

import io.cfgspace.verification.core.IommuSupport;

/**
 * A host's IOMMU as given on the command line, in the two shapes a host can report it:
 * Intel VT-d's raw registers ({@code CAP:ECAP}, as
 * {@code /sys/class/iommu/dmarN/intel-iommu/cap} and {@code ecap} show them) or what
 * iommufd {@code IOMMU_GET_HW_INFO} returns ({@code LOG2:CAPS[:pri][:ats]}).
 */
sealed interface IommuOption {

	IommuSupport toSupport();

	/** The {@code iommu} member of a verification request. */
	Map<String, Object> toJson();

	record Vtd(long capability, long extendedCapability) implements IommuOption {

		@Override
		public IommuSupport toSupport() {
			return IommuSupport.fromVtd(this.capability, this.extendedCapability);
		}

		@Override
		public Map<String, Object> toJson() {
			return Map.of("vtd", Map.of("capability", "0x" + Long.toHexString(this.capability), "extendedCapability",
					"0x" + Long.toHexString(this.extendedCapability)));
		}

	}

	/**
	 * iommufd has no PRI or ATS flag, so the operator says whether the host offers them.
	 */
	record Iommufd(int maxPasidLog2, long capabilities, boolean pageRequests,
			boolean deviceTlb) implements IommuOption {

		@Override
		public IommuSupport toSupport() {
			return IommuSupport.fromIommufd(this.maxPasidLog2, this.capabilities, this.pageRequests, this.deviceTlb);
		}

		@Override
		public Map<String, Object> toJson() {
			Map<String, Object> iommufd = new LinkedHashMap<>();
			iommufd.put("maxPasidLog2", (long) this.maxPasidLog2);
			iommufd.put("capabilities", this.capabilities);
			iommufd.put("pageRequests", this.pageRequests);
			iommufd.put("deviceTlb", this.deviceTlb);
			return Map.of("iommufd", iommufd);
		}

	}

	/**
	 * The IOMMU of one side, from at most one of its two options; {@code null} when
	 * neither is given.
	 */
	static IommuOption of(String side, String vtd, String iommufd) throws CommandFailure {
		if (vtd != null && iommufd != null) {
			throw CommandFailure.unusable("give either --" + side + "-iommu-vtd or --" + side + "-iommu-iommufd");
		}
		if (vtd != null) {
			return vtd("--" + side + "-iommu-vtd", vtd);
		}
		if (iommufd != null) {
			return iommufd("--" + side + "-iommu-iommufd", iommufd);
		}
		return null;
	}

	private static Vtd vtd(String option, String value) throws CommandFailure {
		String[] parts = value.strip().split(":", -1);
		if (parts.length != 2) {
			throw CommandFailure
				.unusable(option + ": expected CAP:ECAP (the two registers in hex), got '" + value + "'");
		}
		return new Vtd(register(option, parts[0]), register(option, parts[1]));
	}

	private static long register(String option, String hex) throws CommandFailure {
		String digits = (hex.startsWith("0x") || hex.startsWith("0X")) ? hex.substring(2) : hex;
		if (!digits.matches("[0-9a-fA-F]{1,16}")) {
			throw CommandFailure.unusable(option + ": '" + hex + "' is not a 64-bit register in hex");
		}
		return Long.parseUnsignedLong(digits, 16);
	}

	private static Iommufd iommufd(String option, String value) throws CommandFailure {
		String[] parts = value.strip().split(":", -1);
		if (parts.length < 2 || parts.length > 4) {
			throw CommandFailure.unusable(option + ": expected LOG2:CAPS[:pri][:ats], got '" + value + "'");
		}
		int log2;
		long capabilities;
		try {
			log2 = Integer.parseInt(parts[0]);
			capabilities = (parts[1].startsWith("0x") || parts[1].startsWith("0X"))
					? Long.parseUnsignedLong(parts[1].substring(2), 16) : Long.parseLong(parts[1]);
		}
		catch (NumberFormatException ex) {
			throw CommandFailure.unusable(option + ": LOG2 and CAPS must be numbers, got '" + value + "'");
		}
		// iommufd's out_max_pasid_log2 is at most 20, the PCIe PASID width
		if (log2 < 0 || log2 > 20 || capabilities < 0) {
			throw CommandFailure.unusable(option + ": LOG2 must be 0..20 and CAPS not negative, got '" + value + "'");
		}
		boolean pri = false;
		boolean ats = false;
		for (int i = 2; i < parts.length; i++) {
			switch (parts[i]) {
				case "pri" -> pri = true;
				case "ats" -> ats = true;
				default -> throw CommandFailure
					.unusable(option + ": '" + parts[i] + "' is not a flag (pri or ats), in '" + value + "'");
			}
		}
		return new Iommufd(log2, capabilities, pri, ats);
	}

}
