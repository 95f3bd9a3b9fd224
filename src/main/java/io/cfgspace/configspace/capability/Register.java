package io.cfgspace.configspace.capability;

import java.util.Objects;

/**
 * One register of a capability structure or of the configuration header, as the spec's
 * register map names it.
 *
 * @param offset the register's byte offset: from the capability's header ("+N" in the
 * spec), or from 0 for the configuration header
 * @param width 1, 2, 4 or 8 bytes
 * @param template the spec's name for it; a {@code #} stands for {@code index}, the
 * register's number in a repeated structure (a lane, a VC, a log DWORD)
 * @param index the number, or -1 for a register that is not repeated
 * @param state the bits that are runtime state, as the little-endian register value shows
 * them: never compared
 * @param perUnit whether the register holds a value that differs between any two units of
 * one model (the Device Serial Number): compared unless a pin gives it a treatment
 */
public record Register(int offset, int width, String template, int index, long state, boolean perUnit) {

	public Register {
		Objects.requireNonNull(template, "template");
		if (width != 1 && width != 2 && width != 4 && width != 8) {
			throw new IllegalArgumentException("a register is 1, 2, 4 or 8 bytes wide, not " + width);
		}
		if (width < 8 && (state & ~((1L << (8 * width)) - 1)) != 0) {
			throw new IllegalArgumentException("state bits beyond the " + template + " register's " + width + " bytes");
		}
	}

	/**
	 * The register's name. Repeated registers are named only when asked: a parse needs
	 * their state bits, and builds thousands of them.
	 */
	public String name() {
		return (this.index < 0) ? this.template : this.template.replace("#", String.valueOf(this.index));
	}

	/** First offset past the register. */
	public int end() {
		return this.offset + this.width;
	}

	/** The state bits at byte {@code index} of the register (0 is its lowest byte). */
	public int stateAt(int index) {
		return (int) (this.state >>> (8 * index)) & 0xFF;
	}

}
