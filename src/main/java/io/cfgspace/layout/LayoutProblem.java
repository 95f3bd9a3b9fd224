package io.cfgspace.layout;

/**
 * Why a layout cannot be pinned or used: one code and one plain sentence.
 *
 * @param code stable, machine-readable kind of problem
 * @param message what is wrong, naming the block or offset
 */
public record LayoutProblem(Code code, String message) {

	public enum Code {

		/** The source dump did not capture the whole config space. */
		INCOMPLETE_COVERAGE,
		/** The parser reported a structural finding for the dump. */
		STRUCTURAL_FINDING,
		/** A block starts outside its space or runs past its end. */
		OUT_OF_RANGE,
		/** A block does not start on a dword boundary. */
		MISALIGNED,
		/** Two blocks the guest sees claim the same bytes. */
		OVERLAP,
		/** A synthesized block lies over a physical block the guest sees. */
		SYNTHESIZED_OVERLAPS_PHYSICAL,
		/** Next pointers loop, point to no block, or leave a block out of its chain. */
		CHAIN_BROKEN,
		/** The blocks are not listed in chain order. */
		CHAIN_ORDER,
		/** A block names a physical block that the layout does not have. */
		NO_SUCH_BLOCK,
		/**
		 * A state declaration or per-unit treatment cannot be: over a capability header
		 * or the identity, over a synthesized block, on a block without per-unit
		 * registers.
		 */
		INVALID_DECLARATION,
		/** The recorded bytes hold bits the layout says are not recorded. */
		UNCLEARED_STATE,
		/** A first-format document, which recorded no bytes. */
		NO_RECORDED_BYTES

	}

}
