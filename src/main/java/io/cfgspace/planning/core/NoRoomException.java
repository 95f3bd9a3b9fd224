package io.cfgspace.planning.core;

/**
 * No place is free on every variant for a block to synthesize; the message says what
 * blocks which range.
 */
public class NoRoomException extends RuntimeException {

	public NoRoomException(String message) {
		super(message);
	}

}
