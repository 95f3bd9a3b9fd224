package io.cfgspace.configspace.capability;

import static io.cfgspace.configspace.ConfigSpaceBuilder.PASID_REQUIRED;
import static io.cfgspace.configspace.ConfigSpaceBuilder.expressEndpoint;
import static io.cfgspace.configspace.ConfigSpaceBuilder.extended;
import static io.cfgspace.configspace.ConfigSpaceBuilder.pageRequest;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import io.cfgspace.layout.LayoutBlock;

import org.junit.jupiter.api.Test;

/**
 * Page Request Interface (extended 0x0013, 16 bytes), pci-facts.md §4.2: status bit 15
 * (PRG Response PASID Required) and the outstanding page request capacity are identity.
 */
class PageRequestTest {

	@Test
	void isSixteenBytesNamedAsLspciNamesIt() {
		LayoutBlock block = expressEndpoint(0x8086, 0x1234).with(0x300, pageRequest(0x8000, PASID_REQUIRED))
			.block(0x300);

		assertThat(block.length()).isEqualTo(16);
		assertThat(block.name()).isEqualTo("Page Request Interface (PRI)");
	}

	@Test
	void decodesCapacityAndPasidRequired() {
		LayoutBlock block = expressEndpoint(0x8086, 0x1234).with(0x300, pageRequest(0x8000, PASID_REQUIRED))
			.block(0x300);

		assertThat(block.fields())
			.isEqualTo(Map.of("prgResponsePasidRequired", true, "outstandingPageRequestCapacity", 0x8000L));
	}

	@Test
	void capacityIsAFull32BitCount() {
		LayoutBlock block = expressEndpoint(0x8086, 0x1234).with(0x300, pageRequest(0xFFFF_FFFFL, !PASID_REQUIRED))
			.block(0x300);

		assertThat(block.fields()).containsEntry("outstandingPageRequestCapacity", 0xFFFF_FFFFL);
	}

	@Test
	void pasidRequiredIsBit15OfStatusOnly() {
		// response failure (b0), unexpected PRG index (b1) and stopped (b8) are state
		LayoutBlock block = expressEndpoint(0x8086, 0x1234)
			.with(0x300, extended(0x13, 1).u16(0x06, 0x0103).u32(0x08, 0x20))
			.block(0x300);

		assertThat(block.fields()).containsEntry("prgResponsePasidRequired", false);
	}

	@Test
	void controlAndAllocationAreState() {
		LayoutBlock idle = expressEndpoint(0x8086, 0x1234).with(0x300, pageRequest(0x200, PASID_REQUIRED)).block(0x300);
		LayoutBlock running = expressEndpoint(0x8086, 0x1234)
			.with(0x300, pageRequest(0x200, PASID_REQUIRED).u16(0x04, 0x0001).u32(0x0C, 0x200))
			.block(0x300);

		assertThat(running.fields()).isEqualTo(idle.fields());
	}

}
