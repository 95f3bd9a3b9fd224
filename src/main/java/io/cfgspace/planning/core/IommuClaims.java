package io.cfgspace.planning.core;

import java.util.ArrayList;
import java.util.List;

import io.cfgspace.layout.Space;
import io.cfgspace.verification.core.IommuSupport;

/**
 * What a host IOMMU must back for the blocks a plan synthesizes: a PASID block needs
 * PASID support at least as wide as it claims, and execute or privileged support when it
 * claims them; PRI needs page requests; ATS needs device TLBs.
 */
public final class IommuClaims {

	private IommuClaims() {
	}

	/** One sentence per claim the IOMMU cannot back; empty when it backs them all. */
	public static List<String> unsupported(List<SynthesisRequest> requests, IommuSupport iommu) {
		List<String> problems = new ArrayList<>();
		for (SynthesisRequest request : requests) {
			if (request.space() != Space.EXTENDED) {
				continue;
			}
			switch (request.id()) {
				case 0x1B -> {
					long width = (request.fields().get("maxPasidWidth") instanceof Long value) ? value : 0;
					if (!iommu.pasid() || iommu.maxPasidWidth() < width) {
						problems.add("the IOMMU offers "
								+ (iommu.pasid() ? iommu.maxPasidWidth() + " PASID bits" : "no PASID")
								+ ", the PASID block claims " + width);
					}
					if (Boolean.TRUE.equals(request.fields().get("executePermissionSupported")) && !iommu.execute()) {
						problems.add("the PASID block claims execute permission, which the IOMMU does not support");
					}
					if (Boolean.TRUE.equals(request.fields().get("privilegedModeSupported")) && !iommu.privileged()) {
						problems.add("the PASID block claims privileged mode, which the IOMMU does not support");
					}
				}
				case 0x13 -> {
					if (!iommu.pageRequests()) {
						problems.add("a PRI block needs page requests, which the IOMMU does not support");
					}
				}
				case 0x0F -> {
					if (!iommu.deviceTlb()) {
						problems.add("an ATS block needs device TLBs, which the IOMMU does not support");
					}
				}
				default -> {
				}
			}
		}
		return problems;
	}

}
