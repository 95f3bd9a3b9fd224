package io.cfgspace.verification.core;

import java.util.ArrayList;
import java.util.List;

import io.cfgspace.layout.Layout;
import io.cfgspace.layout.LayoutBlock;
import io.cfgspace.layout.Origin;
import io.cfgspace.layout.Space;
import io.cfgspace.verification.core.Finding.Severity;
import io.cfgspace.verification.core.Finding.Side;

/**
 * Whether the VMMs on both sides of a migration build and check the pinned blocks alike.
 * Each side's profile must be able to build the pin; and where the pin has a standard
 * vendor-specific capability, the destination's own migration check must treat its body
 * as the source's does, or the two VMMs disagree on what of the block is migration ABI.
 */
public final class VmmProfileCheck {

	private static final int VENDOR_SPECIFIC = 0x09;

	private VmmProfileCheck() {
	}

	/** The profiles of a migration's sides; either may be unknown ({@code null}). */
	public record Profiles(VmmProfile source, VmmProfile destination) {

		public static final Profiles UNKNOWN = new Profiles(null, null);

	}

	public static List<Finding> findings(Layout pin, Profiles profiles) {
		List<Finding> findings = new ArrayList<>();
		cannotBuild(pin, profiles.source(), Side.SOURCE, findings);
		cannotBuild(pin, profiles.destination(), Side.DESTINATION, findings);
		VmmProfile source = profiles.source();
		VmmProfile destination = profiles.destination();
		if (source == null || destination == null
				|| source.vendorSpecificBodies() == destination.vendorSpecificBodies()) {
			return findings;
		}
		for (LayoutBlock block : pin.blocks()) {
			if (block.origin() == Origin.PHYSICAL && block.space() == Space.STANDARD && block.id() == VENDOR_SPECIFIC
					&& block.length() > 3) {
				findings.add(new Finding(FindingCode.VMM_PROFILE_MISMATCH, Severity.ERROR, Side.DESTINATION,
						block.space(), block.offset(), block.name(), "vendorSpecificBodies",
						source.name() + ": " + source.vendorSpecificBodies().json(),
						destination.name() + ": " + destination.vendorSpecificBodies().json(),
						"the source's VMM profile " + source.name() + " has the body of the vendor-specific"
								+ " capability at " + VmmBuild.offset(block.offset()) + " "
								+ words(source.vendorSpecificBodies()) + " on migration, the destination's "
								+ destination.name() + " " + words(destination.vendorSpecificBodies())
								+ ": the two VMMs do not agree what of the pinned block is migration state"));
			}
		}
		return findings;
	}

	private static void cannotBuild(Layout pin, VmmProfile profile, Side side, List<Finding> findings) {
		if (profile == null) {
			return;
		}
		for (String refusal : VmmBuild.of(pin, profile).refusals()) {
			findings.add(new Finding(FindingCode.VMM_PROFILE_MISMATCH, Severity.ERROR, side, null, null, null, null,
					"builds the pin", profile.name() + " cannot",
					"the " + side.name().toLowerCase(java.util.Locale.ROOT) + "'s VMM profile cannot build the pinned"
							+ " layout: " + refusal));
		}
	}

	private static String words(VmmProfile.VendorSpecificBodies bodies) {
		return switch (bodies) {
			case COMPARED -> "compared";
			case SKIPPED -> "skipped";
			case UNKNOWN -> "treated in a way not known";
		};
	}

}
