package io.cfgspace.verification.core;

import java.util.List;

import io.cfgspace.layout.Identity;

/**
 * A device that keeps registers outside its capability structures, so that some of its
 * "free" config space is not free. vfio passes gaps through raw for exactly this reason
 * (it names Emulex be2net); the exact ranges are rarely published, so a quirk can also
 * declare every gap used.
 *
 * @param vendorId PCI vendor ID
 * @param deviceId PCI device ID
 * @param revisionId only this revision, or {@code null} for all
 * @param allGaps every byte outside the device's capabilities is used
 * @param ranges used ranges, each {@code [start, end)}
 * @param reason why, with a source an operator can check
 */
public record Quirk(int vendorId, int deviceId, Integer revisionId, boolean allGaps, List<Range> ranges,
		String reason) {

	public Quirk {
		ranges = List.copyOf(ranges);
	}

	/** A half-open byte range of config space. */
	public record Range(int start, int end) {

		public Range {
			if (start < 0 || end > 0x1000 || start >= end) {
				throw new IllegalArgumentException("a range is start < end within 0x000..0x1000");
			}
		}

		public boolean overlaps(int otherStart, int otherEnd) {
			return this.start < otherEnd && otherStart < this.end;
		}

	}

	public boolean appliesTo(Identity identity) {
		return identity.vendorId() == this.vendorId && identity.deviceId() == this.deviceId
				&& (this.revisionId == null || this.revisionId == identity.revisionId());
	}

}
