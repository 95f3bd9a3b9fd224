package io.cfgspace.ui;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import io.cfgspace.layout.Identity;

import org.springframework.stereotype.Component;

/** How pages write times and offsets: UTC, and hex as lspci writes it. */
@Component("fmt")
class Formats {

	private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
		.withZone(ZoneOffset.UTC);

	public String time(Instant instant) {
		return (instant != null) ? TIME.format(instant) : "";
	}

	public String hex(Integer offset) {
		return (offset != null) ? String.format("0x%03x", offset) : "";
	}

	public String device(int vendorId, int deviceId) {
		return String.format("%04x:%04x", vendorId, deviceId);
	}

	public String revision(int revisionId) {
		return String.format("%02x", revisionId);
	}

	public String classCode(int classCode) {
		return String.format("%06x", classCode);
	}

	/** A device as lspci names it: vendor:device, revision, class. */
	public String identity(Identity identity) {
		return String.format("%04x:%04x rev %02x, class %06x", identity.vendorId(), identity.deviceId(),
				identity.revisionId(), identity.classCode());
	}

	/** A fingerprint short enough for a table: {@code sha256:1882c0ffee12}. */
	public String shortFingerprint(String fingerprint) {
		return (fingerprint != null && fingerprint.length() > 19) ? fingerprint.substring(0, 19) + "…" : fingerprint;
	}

}
