package io.cfgspace.registry;

import java.util.Locale;

/**
 * Whether a pin version is in force. {@code ACTIVE}: pinned with four-eyes off, in force
 * at once. {@code PROPOSED}: pinned with four-eyes on, waiting for a second person.
 * {@code APPROVED}: a proposal that second person approved, in force since.
 */
public enum PinState {

	ACTIVE, PROPOSED, APPROVED;

	public String json() {
		return name().toLowerCase(Locale.ROOT);
	}

	public boolean inForce() {
		return this != PROPOSED;
	}

	static PinState of(String stored) {
		return valueOf(stored.toUpperCase(Locale.ROOT));
	}

}
