package io.cfgspace.ui;

import java.util.ArrayList;
import java.util.List;

import io.cfgspace.configspace.ConfigSpaceMap;
import io.cfgspace.layout.Bar;
import io.cfgspace.layout.Layout;
import io.cfgspace.layout.StateDeclaration;

/**
 * What a layout records besides its blocks, as the tables beside its map show it: the
 * BARs a guest sizes, the bits the pin declares state, and the per-unit registers with
 * their treatment. A first-format layout records none of them.
 *
 * @param firstFormat the layout is a {@code cfgspace-layout/1} document: no recorded
 * bytes, nothing to compare them with
 */
public record LayoutTables(boolean firstFormat, List<BarRow> bars, List<StateRow> state, List<PerUnitRow> perUnit) {

	private static final String[] SUFFIXES = { "", "K", "M", "G", "T" };

	/**
	 * @param bytes the catalog's map of the layout's bytes, or {@code null} for a
	 * first-format layout
	 * @param perUnit the per-unit registers of those bytes
	 */
	static LayoutTables of(Layout layout, ConfigSpaceMap bytes, List<PerUnitRegister> perUnit) {
		List<BarRow> bars = layout.bars().stream().map(BarRow::of).toList();
		List<StateRow> state = new ArrayList<>();
		for (StateDeclaration declaration : layout.state()) {
			String register = (bytes != null && declaration.offset() < bytes.size())
					? bytes.place(declaration.offset()).name() : "";
			state.add(new StateRow(String.format("0x%03x", declaration.offset()), declaration.width(),
					hex(declaration.mask(), declaration.width()), register, declaration.reason()));
		}
		return new LayoutTables(layout.image() == null, bars, state, perUnit.stream().map(PerUnitRow::of).toList());
	}

	/**
	 * A size as lspci writes one ({@code [size=64K]}): in the largest unit that divides
	 * it, up to T.
	 */
	static String lspciSize(Long size) {
		if (size == null) {
			return "unknown";
		}
		if (size == 0) {
			return "not implemented";
		}
		long value = size;
		int unit = 0;
		// pciutils lspci.c show_size(): divide by 1024 while it divides evenly
		while (unit < SUFFIXES.length - 1 && value % 1024 == 0) {
			value /= 1024;
			unit++;
		}
		return value + SUFFIXES[unit];
	}

	/** A register value as PCI people write one: 0x and two digits a byte. */
	static String hex(long value, int width) {
		String digits = Long.toHexString(value);
		return "0x" + "0".repeat(Math.max(0, 2 * width - digits.length())) + digits;
	}

	/**
	 * One BAR.
	 *
	 * @param prefetchable {@code yes}, {@code no}, or {@code –} where it does not apply
	 * @param size as lspci writes sizes, or {@code unknown} / {@code not implemented}
	 */
	public record BarRow(String resource, String type, String prefetchable, String size, boolean sizeKnown) {

		static BarRow of(Bar bar) {
			boolean memory = bar.type() == Bar.Type.MEMORY32 || bar.type() == Bar.Type.MEMORY64;
			return new BarRow(bar.resource().json(), bar.type().json(),
					memory ? (bar.prefetchable() ? "yes" : "no") : "–", lspciSize(bar.size()), bar.sizeKnown());
		}

	}

	/** One state declaration: the register, the bits and why. */
	public record StateRow(String offset, int width, String mask, String register, String reason) {

	}

	/**
	 * One per-unit register and what the VMM does with it.
	 *
	 * @param block the capability, {@code Device Serial Number at extended 0x140}
	 * @param register the register, {@code Serial Number 0x144}
	 * @param treatment {@code hidden}, {@code synthesized}, {@code exempt} or
	 * {@code no treatment}
	 */
	public record PerUnitRow(String block, String register, String treatment, boolean treated, String consequence) {

		static PerUnitRow of(PerUnitRegister register) {
			return new PerUnitRow(register.block().name() + " at " + register.blockRef(),
					register.name() + String.format(" 0x%03x", register.register()), register.treatmentLabel(),
					register.treatment() != null, register.consequence());
		}

	}

}
