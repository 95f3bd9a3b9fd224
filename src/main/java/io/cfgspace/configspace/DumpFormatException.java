package io.cfgspace.configspace;

/**
 * Input that is not a config-space dump in any accepted format. The message is one line
 * that names the line or byte offset at fault; it is meant for the person who supplied
 * the dump.
 */
public class DumpFormatException extends RuntimeException {

	public DumpFormatException(String message) {
		super(message);
	}

}
