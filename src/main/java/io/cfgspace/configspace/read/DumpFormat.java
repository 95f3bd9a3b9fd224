package io.cfgspace.configspace.read;

/** The dump formats cfgspace reads. */
public enum DumpFormat {

	/**
	 * {@code lspci -x}, {@code -xxx} or {@code -xxxx} text, one or more devices; with
	 * {@code -v} lines it may give BAR sizes.
	 */
	LSPCI,
	/** The binary {@code config} file from sysfs. */
	SYSFS,
	/** The bytes as a hexadecimal string (white space allowed). */
	HEX,
	/** The bytes in base64. */
	BASE64

}
