package io.cfgspace.planning.core;

import java.util.List;

import io.cfgspace.layout.Layout;

/**
 * A proposed layout, ready to pin, with the free space it was placed in and why each
 * block sits where it does.
 *
 * @param layout the guest-visible layout (reference variant's physical blocks, the hidden
 * ones, the synthesized ones)
 * @param freeByVariant free extended (and, when asked, standard) ranges of each variant
 * @param freeInAll the ranges free on every variant
 * @param explanation one line per decision
 */
public record Plan(Layout layout, List<List<FreeRange>> freeByVariant, List<FreeRange> freeInAll,
		List<String> explanation) {

	/** A half-open range {@code [start, end)} of config space. */
	public record FreeRange(int start, int end) {

		public int length() {
			return this.end - this.start;
		}

	}

}
