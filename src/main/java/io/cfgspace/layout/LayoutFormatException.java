package io.cfgspace.layout;

/**
 * A layout document that cannot be read: not JSON, a missing or mistyped member, an
 * unknown member or enum value. The message names the place at fault.
 */
public class LayoutFormatException extends RuntimeException {

	public LayoutFormatException(String message) {
		super(message);
	}

}
