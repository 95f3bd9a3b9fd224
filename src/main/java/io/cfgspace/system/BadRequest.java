package io.cfgspace.system;

import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;

/** Input that is well-formed JSON but says something the service cannot accept. */
public class BadRequest extends ApiProblem {

	private final List<?> problems;

	public BadRequest(String code, String title, String detail, List<?> problems) {
		super(HttpStatus.BAD_REQUEST, code, title, detail);
		this.problems = List.copyOf(problems);
	}

	public BadRequest(String code, String title, String detail) {
		this(code, title, detail, List.of());
	}

	/** A paging cursor that names nothing this service handed out. */
	public static BadRequest invalidCursor() {
		return new BadRequest("invalid-cursor", "Invalid cursor",
				"the cursor is not one this service handed out; start again without it");
	}

	@Override
	public Map<String, Object> properties() {
		return this.problems.isEmpty() ? Map.of() : Map.of("problems", this.problems);
	}

}
