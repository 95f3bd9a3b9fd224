package io.cfgspace.configspace.capability;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The register map of one capability structure, which a {@link CapabilityRule} fills from
 * the spec: every register it defines, by name, and which of its bits are runtime state.
 *
 * <p>
 * Which bits are state, in the spec's terms: RW, RW1C, RWS and RW1CS bits, and RO bits
 * that report live state (the negotiated link speed, a log, a pending bit). Reserved bits
 * of a register whose defined bits are all state count as state too: the spec reserves
 * them "for future RW implementations" (RsvdP) or "for future RW1C implementations"
 * (RsvdZ). Reserved bits of a register that holds read-only capabilities are compared: a
 * later revision of the spec puts new capabilities there. Everything a table does not
 * name is compared.
 */
public final class RegisterTable {

	/** Every bit of a register of up to 8 bytes. */
	public static final long ALL = -1L;

	private final List<Register> registers = new ArrayList<>();

	/** A register of read-only capabilities or identity: every bit compared. */
	public RegisterTable identity(int offset, int width, String name) {
		return identity(offset, width, name, -1);
	}

	/**
	 * Repeated register {@code index} of read-only capabilities; {@code #} in the name.
	 */
	public RegisterTable identity(int offset, int width, String name, int index) {
		return add(new Register(offset, width, name, index, 0, false));
	}

	/** A register whose every bit is state: control, status, a log. */
	public RegisterTable state(int offset, int width, String name) {
		return state(offset, width, name, -1, ALL);
	}

	/** A register whose {@code bits} are state; the others are compared. */
	public RegisterTable state(int offset, int width, String name, long bits) {
		return state(offset, width, name, -1, bits);
	}

	/**
	 * Repeated register {@code index}, whose every bit is state; {@code #} in the name.
	 */
	public RegisterTable state(int offset, int width, String name, int index) {
		return state(offset, width, name, index, ALL);
	}

	/** Repeated register {@code index}, whose {@code bits} are state. */
	public RegisterTable state(int offset, int width, String name, int index, long bits) {
		long all = (width == 8) ? ALL : (1L << (8 * width)) - 1;
		return add(new Register(offset, width, name, index, bits & all, false));
	}

	/** A read-only register whose value differs between units of one model. */
	public RegisterTable perUnit(int offset, int width, String name) {
		return add(new Register(offset, width, name, -1, 0, true));
	}

	public List<Register> registers() {
		return Collections.unmodifiableList(this.registers);
	}

	private RegisterTable add(Register register) {
		this.registers.add(register);
		return this;
	}

}
