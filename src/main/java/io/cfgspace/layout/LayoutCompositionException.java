package io.cfgspace.layout;

import java.util.List;

/** The hidden or synthesized blocks asked for do not fit the physical layout. */
public class LayoutCompositionException extends RuntimeException {

	private final List<String> problems;

	public LayoutCompositionException(List<String> problems) {
		super(String.join("; ", problems));
		this.problems = List.copyOf(problems);
	}

	public List<String> problems() {
		return this.problems;
	}

}
