package io.cfgspace.system;

import org.springframework.http.HttpStatus;

/** The caller is known but may not do this, for a reason beyond their role. */
public class Forbidden extends ApiProblem {

	public Forbidden(String code, String title, String detail) {
		super(HttpStatus.FORBIDDEN, code, title, detail);
	}

}
