package io.cfgspace.system;

import org.springframework.http.HttpStatus;

/** The thing named in the request does not exist. */
public class NotFound extends ApiProblem {

	public NotFound(String code, String detail) {
		super(HttpStatus.NOT_FOUND, code, "Not found", detail);
	}

}
