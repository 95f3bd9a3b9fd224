package io.cfgspace.layout;

import java.util.Objects;

/**
 * Bits a pin declares to be runtime state on its device, although the state tables
 * compare them: a vendor register with a live counter, say. They are cleared in the pin's
 * image and never compared. The place is given as a finding names a register, so that a
 * finding can be copied into a declaration.
 *
 * @param offset the config-space offset of the register
 * @param width the register's width in bytes: 1, 2 or 4, naturally aligned
 * @param mask the bits declared state, as the little-endian register value shows them
 * @param reason why these bits are state on this device
 */
public record StateDeclaration(int offset, int width, long mask, String reason) {

	/** A reason is one or a few sentences, not a document. */
	public static final int MAX_REASON = 500;

	public StateDeclaration {
		Objects.requireNonNull(reason, "reason");
		if (width != 1 && width != 2 && width != 4) {
			throw new IllegalArgumentException("a register is 1, 2 or 4 bytes wide, not " + width);
		}
		if (offset < 0 || offset + width > 4096) {
			throw new IllegalArgumentException("the register at " + offset + " lies outside config space");
		}
		if (offset % width != 0) {
			throw new IllegalArgumentException("a " + width + "-byte register starts at a multiple of " + width
					+ ", not at 0x" + Integer.toHexString(offset));
		}
		if (mask == 0 || (mask & ~valueBits(width)) != 0) {
			throw new IllegalArgumentException(
					"the mask must select at least one of the register's " + (8 * width) + " bits");
		}
		if (reason.isBlank() || reason.length() > MAX_REASON) {
			throw new IllegalArgumentException("give a reason of 1 to " + MAX_REASON + " characters");
		}
	}

	/** First offset past the register. */
	public int end() {
		return this.offset + this.width;
	}

	/** The mask's bits at config-space byte {@code at}, which the register covers. */
	public int maskAt(int at) {
		return (int) (this.mask >>> (8 * (at - this.offset))) & 0xFF;
	}

	private static long valueBits(int width) {
		return (1L << (8 * width)) - 1;
	}

}
