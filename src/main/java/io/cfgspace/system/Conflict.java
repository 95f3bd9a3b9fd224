package io.cfgspace.system;

import java.util.Map;

import org.springframework.http.HttpStatus;

/** The request conflicts with what is stored. */
public class Conflict extends ApiProblem {

	private final Map<String, Object> properties;

	public Conflict(String code, String title, String detail, Map<String, Object> properties) {
		super(HttpStatus.CONFLICT, code, title, detail);
		this.properties = Map.copyOf(properties);
	}

	public Conflict(String code, String title, String detail) {
		this(code, title, detail, Map.of());
	}

	@Override
	public Map<String, Object> properties() {
		return this.properties;
	}

}
