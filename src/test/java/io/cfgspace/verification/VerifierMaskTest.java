package io.cfgspace.verification;

import static io.cfgspace.configspace.ConfigSpaceBuilder.expressEndpoint;
import static io.cfgspace.configspace.ConfigSpaceBuilder.powerManagement;
import static io.cfgspace.configspace.ConfigSpaceBuilder.vendorSpecific;
import static io.cfgspace.configspace.ConfigSpaceBuilder.vendorSpecificExtended;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.util.HexFormat;
import java.util.List;

import io.cfgspace.configspace.ConfigSpaceBuilder;
import io.cfgspace.layout.BlockRef;
import io.cfgspace.layout.ByteMask;
import io.cfgspace.layout.Layout;
import io.cfgspace.layout.LayoutComposer;
import io.cfgspace.layout.Space;
import io.cfgspace.verification.Finding.Side;
import io.cfgspace.verification.Verdict.Outcome;
import org.assertj.core.api.ListAssert;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;

/**
 * The bytes a pin compares through a mask, for blocks the core cannot decode.
 *
 * <p>
 * The device: standard chain 0x40 Express → 0x80 Power Management → 0xB0 Vendor Specific
 * (12 bytes, payload 85 66 at +4); extended chain 0x100 Vendor-Specific Extended (16
 * bytes, payload 5a at +8). The pin compares +4 in full and the low nibble of +5 of the
 * Vendor Specific block: mask {@code 00000000ff0f}, value {@code 0000000085 06}.
 */
class VerifierMaskTest {

	private static final String VENDOR_SPECIFIC_MASK = "00000000ff0f";

	private static final ConfigSpaceBuilder DEVICE = device(0xB0, 0x85, 0x66);

	private static final Layout PIN = LayoutComposer.compose(comparing(DEVICE, 0xB0, VENDOR_SPECIFIC_MASK), List.of(),
			List.of());

	private static final SideView SOURCE = dump(DEVICE);

	@Test
	void thePinRecordsTheMaskedBytes() {
		assertThat(ConfigSpaceBuilder.blockAt(PIN, 0xB0).compare())
			.isEqualTo(ByteMask.fromHex(VENDOR_SPECIFIC_MASK, "000000008506"));
	}

	@Test
	void equalMaskedBytesAreConsistentEvenWhenUnmaskedBytesDiffer() {
		// +5's high nibble and +6 are outside the mask
		ConfigSpaceBuilder destination = device(0xB0, 0x85, 0x96).withByte(0xB6, 0x7A);

		Verdict verdict = Verifier.verify(PIN, false, SOURCE, dump(destination), List.of());

		assertThat(verdict.outcome()).isEqualTo(Outcome.CONSISTENT);
		assertThat(verdict.findings()).isEmpty();
	}

	@Test
	void reportsMaskedBytesThatDiffer() {
		ConfigSpaceBuilder destination = device(0xB0, 0x85, 0x67);

		Verdict verdict = Verifier.verify(PIN, false, SOURCE, dump(destination), List.of());

		assertThat(verdict.outcome()).isEqualTo(Outcome.INCONSISTENT);
		assertFindings(verdict).containsExactly(tuple(FindingCode.BYTES_MISMATCH, Side.DESTINATION, Space.STANDARD,
				0xB0, "bytes", "000000008506", "000000008507"));
		assertThat(verdict.findings().get(0).capability()).isEqualTo("Vendor Specific Information");
		assertThat(verdict.findings().get(0).message()).contains("first at 0x0b5");
	}

	@Test
	void aSideGivenAsALayoutCannotShowComparedBytes() {
		SideView layoutOnly = new SideView.Physical(DEVICE.parse(), null, null, null);

		Verdict verdict = Verifier.verify(PIN, false, SOURCE, layoutOnly, List.of());

		assertThat(verdict.outcome()).isEqualTo(Outcome.INCONSISTENT);
		assertFindings(verdict).containsExactly(tuple(FindingCode.STRUCTURE_INVALID, Side.DESTINATION, Space.STANDARD,
				0xB0, "bytes", "000000008506", null));
		assertThat(verdict.findings().get(0).message()).contains("only a dump can show; send the destination's dump");
	}

	@Test
	void thePinStandingInForTheSourceVouchesForItsOwnBytes() {
		// cfgspace verify --destination-only
		SideView pinAsSource = new SideView.Virtual(PIN, null);

		Verdict verdict = Verifier.verify(PIN, false, pinAsSource, dump(device(0xB0, 0x85, 0x67)), List.of());

		assertFindings(verdict).containsExactly(tuple(FindingCode.BYTES_MISMATCH, Side.DESTINATION, Space.STANDARD,
				0xB0, "bytes", "000000008506", "000000008507"));
	}

	@Test
	void aMovedBlockIsComparedWhereTheSideHasIt() {
		Verdict same = Verifier.verify(PIN, false, SOURCE, dump(device(0xC0, 0x85, 0x66)), List.of());
		Verdict differing = Verifier.verify(PIN, false, SOURCE, dump(device(0xC0, 0x84, 0x66)), List.of());

		assertThat(same.findings()).extracting(Finding::code).containsExactly(FindingCode.OFFSET_MISMATCH);
		assertThat(differing.findings()).extracting(Finding::code)
			.containsExactly(FindingCode.OFFSET_MISMATCH, FindingCode.BYTES_MISMATCH);
		assertThat(differing.findings().get(1).actual()).isEqualTo("000000008406");
	}

	@Test
	void comparesTheBytesOfAHiddenBlock() {
		Layout pin = LayoutComposer.compose(comparing(DEVICE, 0x100, "0000000000000000ff"),
				List.of(new BlockRef(Space.EXTENDED, 0x100)), List.of());
		ConfigSpaceBuilder otherPayload = device(0xB0, 0x85, 0x66).withByte(0x108, 0x5B);

		Verdict physical = Verifier.verify(pin, false, SOURCE, dump(otherPayload), List.of());
		// what the guest reads: vfio's Null header at 0x100 over the hidden block, whose
		// other bytes stay in place
		ConfigSpaceBuilder guest = device(0xB0, 0x85, 0x66).withByte(0x108, 0x5B).withDword(0x100, 0);
		Verdict virtual = Verifier.verify(pin, false, SOURCE, new SideView.Virtual(guest.parse(), null, guest.bytes()),
				List.of());

		assertThat(Verifier.verify(pin, false, SOURCE, dump(DEVICE), List.of()).consistent()).isTrue();
		assertThat(physical.findings()).extracting(Finding::code, Finding::offset, Finding::actual)
			.containsExactly(tuple(FindingCode.BYTES_MISMATCH, 0x100, "00000000000000005b"));
		assertThat(virtual.findings()).extracting(Finding::code, Finding::offset, Finding::actual)
			.containsExactly(tuple(FindingCode.BYTES_MISMATCH, 0x100, "00000000000000005b"));
	}

	private static SideView dump(ConfigSpaceBuilder device) {
		return new SideView.Physical(device.parse(), null, null, null, device.bytes());
	}

	/**
	 * The device's layout with one block's bytes compared, as a pin from a dump has it.
	 */
	private static Layout comparing(ConfigSpaceBuilder device, int offset, String mask) {
		byte[] bytes = device.bytes();
		Layout physical = device.parse();
		return new Layout(physical.identity(), physical.coverage(),
				physical.blocks()
					.stream()
					.map((b) -> (b.offset() == offset)
							? b.withCompare(ByteMask.over(bytes, offset, HexFormat.of().parseHex(mask))) : b)
					.toList(),
				physical.findings());
	}

	/** The device with its Vendor Specific block at an offset and two payload bytes. */
	private static ConfigSpaceBuilder device(int vendorSpecificAt, int payload4, int payload5) {
		return expressEndpoint(0x8086, 0x0B25).subsystem(0x8086, 0x0000)
			.with(0x80, powerManagement(0x0003))
			.with(vendorSpecificAt, vendorSpecific(12).u8(0x04, payload4).u8(0x05, payload5))
			.with(0x100, vendorSpecificExtended(0x0001, 1, 16).u8(0x08, 0x5A));
	}

	/** Each finding as (code, side, space, offset, field, expected, actual). */
	private static ListAssert<Tuple> assertFindings(Verdict verdict) {
		return assertThat(verdict.findings()
			.stream()
			.map((f) -> tuple(f.code(), f.side(), f.space(), f.offset(), f.field(), f.expected(), f.actual()))
			.toList());
	}

}
