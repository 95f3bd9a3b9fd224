package io.cfgspace.verification.core;

/** What a verification finding is about; stable values of the API. */
public enum FindingCode {

	/** The pin has a block that this side does not show. */
	BLOCK_MISSING,
	/** This side shows a block the pin does not have. */
	BLOCK_UNEXPECTED,
	/** The same capability sits at another offset. */
	OFFSET_MISMATCH,
	/** The capability version differs. */
	VERSION_MISMATCH,
	/** The structure's length differs. */
	LENGTH_MISMATCH,
	/** Physical on one side, synthesized on the other. */
	ORIGIN_MISMATCH,
	/** The blocks are linked in another order. */
	CHAIN_ORDER_MISMATCH,
	/**
	 * A read-only field differs: a decoded capability field by name, or any other
	 * read-only bit of the header, a capability or a gap, by its register and mask.
	 */
	FIELD_MISMATCH,
	/**
	 * A per-unit value (the Device Serial Number) differs, and the pin does not say what
	 * the VMM does with it: hide it, synthesize it, or pass it through as an exemption.
	 */
	PER_UNIT_VALUE_UNDECLARED,
	/**
	 * A per-unit value the pin exempts passes through, so the guest may read another
	 * value after the migration (a warning).
	 */
	PER_UNIT_VALUE,
	/** A header identity field differs. */
	IDENTITY_MISMATCH,
	/** A synthesized block would lie over a physical capability of this device. */
	SYNTHESIZED_OVERLAPS_PHYSICAL,
	/**
	 * A synthesized block would lie over registers the device keeps outside its
	 * capabilities.
	 */
	SYNTHESIZED_IN_HIDDEN_REGISTERS,
	/** The host's IOMMU cannot back what a synthesized block claims. */
	IOMMU_LACKS_CAPABILITY,
	/** The host's IOMMU was not described, so synthesized blocks cannot be checked. */
	IOMMU_UNKNOWN,
	/** The pinned version is deprecated (a warning: it still verifies). */
	PIN_DEPRECATED,
	/**
	 * The pinned version is a four-eyes proposal nobody has approved yet: no migration is
	 * held to it, so none is consistent with it.
	 */
	PIN_NOT_APPROVED,
	/** A layout is incomplete or structurally broken, so it cannot be compared. */
	STRUCTURE_INVALID,
	/**
	 * A side lacks something the pin records (BAR sizes, the recorded bytes), so it
	 * cannot be compared: no decision, never a pass.
	 */
	CANNOT_COMPARE,
	/**
	 * The VMM profile of a side cannot build the pinned layout, or the two sides' VMMs
	 * treat a pinned block differently (their own migration check compares a
	 * vendor-specific capability's body on one side and skips it on the other).
	 */
	VMM_PROFILE_MISMATCH

}
