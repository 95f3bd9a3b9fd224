package io.cfgspace.configspace;

/**
 * The text of a PCI function's sysfs {@code resource} file, as linux
 * {@code resource_show} writes it: a line {@code start end flags} per resource, 17 of
 * them (BARs 0-5, the ROM, VF BARs 0-5, the bridge windows), all zero where nothing is
 * decoded.
 */
public final class SysfsResource {

	private static final int LINES = 17;

	private static final long FIRST_START = 0x2060_0000_0000L;

	private static final long MEMORY = 0x0004_0200L;

	private SysfsResource() {
	}

	/**
	 * {@code sizes} by the kernel's resource number (0-5 BARs, 6 ROM, 7-12 VF BARs, a VF
	 * BAR's size the space of all VFs); the rest decode nothing. The addresses are made
	 * up, one after another.
	 */
	public static String of(long... sizes) {
		StringBuilder text = new StringBuilder();
		long start = FIRST_START;
		for (int i = 0; i < LINES; i++) {
			long size = (i < sizes.length) ? sizes[i] : 0;
			if (size == 0) {
				text.append(String.format("0x%016x 0x%016x 0x%016x\n", 0, 0, 0));
				continue;
			}
			text.append(String.format("0x%016x 0x%016x 0x%016x\n", start, start + size - 1, MEMORY));
			start += Math.max(size, 0x10_0000L);
		}
		return text.toString();
	}

}
