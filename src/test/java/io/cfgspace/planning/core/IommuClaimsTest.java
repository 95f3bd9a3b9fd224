package io.cfgspace.planning.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import io.cfgspace.verification.core.IommuSupport;
import org.junit.jupiter.api.Test;

class IommuClaimsTest {

	private static final List<SynthesisRequest> PASID_PRI_ATS = List.of(SynthesisRequest.pasid(20, true, false),
			SynthesisRequest.pri(512), SynthesisRequest.ats(0, false));

	@Test
	void aCapableIommuBacksEveryClaim() {
		assertThat(IommuClaims.unsupported(PASID_PRI_ATS, new IommuSupport(true, 20, true, false, true, true)))
			.isEmpty();
	}

	@Test
	void namesEveryClaimANarrowIommuCannotBack() {
		assertThat(IommuClaims.unsupported(PASID_PRI_ATS, new IommuSupport(true, 16, false, false, false, false)))
			.containsExactly("the IOMMU offers 16 PASID bits, the PASID block claims 20",
					"the PASID block claims execute permission, which the IOMMU does not support",
					"a PRI block needs page requests, which the IOMMU does not support",
					"an ATS block needs device TLBs, which the IOMMU does not support");
	}

	@Test
	void anIommuWithoutPasidBacksNoPasidBlock() {
		assertThat(IommuClaims.unsupported(List.of(SynthesisRequest.pasid(8, false, false)),
				IommuSupport.fromIommufd(0, 0, true, true)))
			.containsExactly("the IOMMU offers no PASID, the PASID block claims 8");
	}

}
