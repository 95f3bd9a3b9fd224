package io.cfgspace.system;

import java.net.URI;
import java.net.URISyntaxException;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Errors that leave the servlets as a bare status (a filter's {@code sendError}, the
 * firewall's refusal of a path, an exception no advice handled) reach Tomcat's error
 * page, {@code /error}. They are answered like every other error, as problem+json with a
 * code, instead of Spring Boot's JSON map or white-label page.
 */
@RestController
class ProblemErrorController implements ErrorController {

	@RequestMapping(path = "${server.error.path:${error.path:/error}}")
	ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
		Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
		int status = (code instanceof Integer value && value >= 400) ? value : 500;
		HttpStatus known = HttpStatus.resolve(status);
		String title = (known != null) ? known.getReasonPhrase() : "Error";
		Object message = request.getAttribute(RequestDispatcher.ERROR_MESSAGE);
		Object exception = request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
		// an exception's message may name internals; a status sent with words was meant
		// to be read
		String detail = (exception == null && message instanceof String words && !words.isBlank()) ? words
				: "the server cannot handle this request (" + status + " " + title + ")";
		ProblemDetail body = ProblemDetailsAdvice.problem(HttpStatusCode.valueOf(status),
				ProblemDetailsAdvice.codeFor(status), title, detail);
		body.setInstance(instance(request));
		return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(body);
	}

	/** The request's own path, not {@code /error}; none when it is not even a URI. */
	private static URI instance(HttpServletRequest request) {
		if (request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI) instanceof String uri) {
			try {
				return new URI(uri);
			}
			catch (URISyntaxException ex) {
				return null;
			}
		}
		return null;
	}

}
