package io.cfgspace.layout;

/**
 * The two capability spaces of PCI configuration space: the standard list in 0x40..0xFF
 * and the PCI Express extended list in 0x100..0xFFF.
 */
public enum Space {

	STANDARD("standard", 0x40, 0x100), EXTENDED("extended", 0x100, 0x1000);

	private final String json;

	private final int start;

	private final int end;

	Space(String json, int start, int end) {
		this.json = json;
		this.start = start;
		this.end = end;
	}

	/** The name used in layout documents. */
	public String json() {
		return this.json;
	}

	/** First offset a capability of this space may start at. */
	public int start() {
		return this.start;
	}

	/** First offset past this space. */
	public int end() {
		return this.end;
	}

	public boolean contains(int offset) {
		return offset >= this.start && offset < this.end;
	}

	public static Space fromJson(String value) {
		for (Space space : values()) {
			if (space.json.equals(value)) {
				return space;
			}
		}
		throw new IllegalArgumentException("unknown space '" + value + "' (standard or extended)");
	}

}
