package io.cfgspace.layout;

/**
 * A structural problem found while walking a capability chain. Findings are values, not
 * exceptions: a corrupt chain still yields every block that could be read, plus all of
 * its problems.
 *
 * @param code what is wrong
 * @param space the chain it concerns
 * @param offset the config-space offset at fault
 * @param message one plain sentence
 */
public record StructuralFinding(Code code, Space space, int offset, String message) {

	public enum Code {

		/** A next pointer leads back to a capability already visited. */
		POINTER_LOOP,
		/** A pointer leads outside the space its chain lives in. */
		POINTER_OUT_OF_RANGE,
		/** A pointer has its reserved low two bits set; walkers mask them off. */
		POINTER_MISALIGNED,
		/** A standard capability with ID 0xFF: the chain reads as all-ones. */
		CHAIN_BROKEN,
		/** A capability's length reaches past the end of its space. */
		BLOCK_PAST_END,
		/** Two capabilities claim the same bytes. */
		BLOCKS_OVERLAP,
		/** A capability continues beyond the bytes the dump holds. */
		DUMP_TRUNCATED,
		/** The extended space reads as all-ones: it is not accessible. */
		EXTENDED_SPACE_UNREADABLE,
		/**
		 * The extended space repeats the first 256 bytes (the kernel then ignores it).
		 */
		EXTENDED_SPACE_ALIASED

	}

}
