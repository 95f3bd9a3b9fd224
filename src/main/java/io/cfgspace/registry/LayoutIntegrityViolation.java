package io.cfgspace.registry;

import java.util.Map;

import io.cfgspace.system.Conflict;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A stored layout failed its integrity check: it is refused, never used. */
public class LayoutIntegrityViolation extends Conflict {

	private static final Logger logger = LoggerFactory.getLogger(LayoutIntegrityViolation.class);

	LayoutIntegrityViolation(String fingerprint, String why) {
		super("layout-integrity-violation", "Stored layout failed its integrity check", "the stored layout "
				+ fingerprint + " was altered (" + why + "); it is refused and nothing was decided",
				Map.of("fingerprint", fingerprint));
		logger.error("Integrity check failed for stored layout {}: {}", fingerprint, why);
	}

}
