package io.cfgspace.system;

import java.util.regex.Pattern;

/**
 * Host names as orchestrators and the kernel ({@code uname -n}) use them: a DNS-like
 * label of at most 255 characters. The inventory's paths and a reporter token's host
 * follow the same rule, so that every host a reporter may be bound to can report.
 */
public final class HostName {

	private static final Pattern VALID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,254}");

	private HostName() {
	}

	/** The name, if it is one; else a 400 {@code invalid-host-name}. */
	public static String check(String name) {
		if (name == null || !VALID.matcher(name).matches()) {
			throw new BadRequest("invalid-host-name", "Invalid host name",
					"a host name is 1 to 255 of A-Z a-z 0-9 . _ -, starting with a letter or digit");
		}
		return name;
	}

}
