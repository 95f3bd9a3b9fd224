package io.cfgspace.system;

import java.util.Map;

import org.springframework.http.HttpStatus;

/**
 * A request the service refuses, with what the client needs to act on it. Every kind has
 * a stable code; {@link ProblemDetailsAdvice} turns it into
 * {@code application/problem+json} (RFC 9457) with {@code type}
 * {@code https://cfgspace.io/problems/<code>}.
 */
public abstract class ApiProblem extends RuntimeException {

	private final HttpStatus status;

	private final String code;

	private final String title;

	protected ApiProblem(HttpStatus status, String code, String title, String detail) {
		super(detail);
		this.status = status;
		this.code = code;
		this.title = title;
	}

	public HttpStatus status() {
		return this.status;
	}

	public String code() {
		return this.code;
	}

	public String title() {
		return this.title;
	}

	/** Extra members of the problem document, e.g. the list of every problem found. */
	public Map<String, Object> properties() {
		return Map.of();
	}

}
