package io.cfgspace.system;

import java.io.IOException;
import java.io.Writer;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

/**
 * Tomcat's own error report as problem+json instead of its HTML page. Tomcat refuses some
 * requests before any servlet sees them (a malformed percent-escape or an encoded slash
 * in the path, a request line it cannot read); those answers come from here.
 */
public class ProblemReportValve extends ErrorReportValve {

	@Override
	protected void report(Request request, Response response, Throwable throwable) {
		int status = response.getStatus();
		if (status < 400 || response.getContentWritten() > 0) {
			return;
		}
		HttpStatus known = HttpStatus.resolve(status);
		String title = (known != null) ? known.getReasonPhrase() : "Error";
		String message = response.getMessage();
		// a servlet's exception may name internals; Tomcat's own messages name the
		// request
		String detail = (throwable == null && message != null && !message.isBlank()) ? message
				: "the server cannot handle this request (" + status + " " + title + ")";
		try {
			response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
			response.setCharacterEncoding("UTF-8");
			Writer writer = response.getReporter();
			if (writer != null) {
				writer.write(ProblemText.of(status, ProblemDetailsAdvice.codeFor(status), title, detail));
				response.finishResponse();
			}
		}
		catch (IOException | IllegalStateException ex) {
			// the client went away or the response is already closed: nothing left to
			// tell
		}
	}

}
