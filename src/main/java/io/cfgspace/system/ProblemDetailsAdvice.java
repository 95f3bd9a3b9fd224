package io.cfgspace.system;

import java.io.IOException;
import java.net.URI;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.cfgspace.configspace.DumpFormatException;
import io.cfgspace.layout.LayoutCompositionException;
import io.cfgspace.layout.LayoutFormatException;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionException;
import org.springframework.transaction.TransactionSystemException;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * The one place where failures become {@code application/problem+json} (RFC 9457). Every
 * problem has a {@code type} of {@code https://cfgspace.io/problems/<code>} and the same
 * {@code code} as a member, so clients switch on a stable value, never on prose.
 */
@RestControllerAdvice
public class ProblemDetailsAdvice extends ResponseEntityExceptionHandler {

	public static final String TYPE_BASE = "https://cfgspace.io/problems/";

	private static final Logger logger = LoggerFactory.getLogger(ProblemDetailsAdvice.class);

	private final JsonMapper json;

	ProblemDetailsAdvice(JsonMapper json) {
		this.json = json;
	}

	@ExceptionHandler(ApiProblem.class)
	ResponseEntity<ProblemDetail> apiProblem(ApiProblem problem) {
		ProblemDetail body = problem(problem.status(), problem.code(), problem.title(), problem.getMessage());
		problem.properties().forEach(body::setProperty);
		return respond(body);
	}

	@ExceptionHandler(DumpFormatException.class)
	ResponseEntity<ProblemDetail> malformedDump(DumpFormatException ex) {
		return respond(problem(HttpStatus.BAD_REQUEST, "malformed-dump", "Malformed dump", ex.getMessage()));
	}

	@ExceptionHandler(LayoutFormatException.class)
	ResponseEntity<ProblemDetail> malformedLayout(LayoutFormatException ex) {
		return respond(
				problem(HttpStatus.BAD_REQUEST, "malformed-layout", "Malformed layout document", ex.getMessage()));
	}

	@ExceptionHandler(LayoutCompositionException.class)
	ResponseEntity<ProblemDetail> composition(LayoutCompositionException ex) {
		ProblemDetail body = problem(HttpStatus.BAD_REQUEST, "invalid-layout", "Invalid layout", ex.getMessage());
		body.setProperty("problems",
				ex.problems().stream().map((p) -> Map.of("code", "NO_SUCH_BLOCK", "message", p)).toList());
		return respond(body);
	}

	/**
	 * The database went away: before a transaction, during it, or while committing or
	 * rolling it back. Nothing was decided or stored, so the answer is 503, never a 500.
	 * Any other database error is a real fault and is left to be one.
	 */
	@ExceptionHandler({ DataAccessException.class, TransactionException.class })
	ResponseEntity<ProblemDetail> databaseUnavailable(Exception ex) throws Exception {
		if (!lostDatabase(ex)) {
			throw ex;
		}
		logger.warn("Database unavailable: {}", ex.getMessage());
		ProblemDetail body = problem(HttpStatus.SERVICE_UNAVAILABLE, "database-unavailable", "Database unavailable",
				"the registry database cannot be reached; nothing was decided or stored, try again later");
		return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "5").body(body);
	}

	/**
	 * Connection failures (SQLSTATE class 08) and server shutdown (57P01..57P03) anywhere
	 * in the causes.
	 */
	public static boolean lostDatabase(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof CannotGetJdbcConnectionException || cause instanceof CannotCreateTransactionException
					|| cause instanceof DataAccessResourceFailureException
					|| cause instanceof SQLTransientConnectionException || cause instanceof SQLRecoverableException
					|| cause instanceof org.hibernate.TransactionException) {
				return true;
			}
			// a rollback that failed too keeps the first failure apart, not as its cause
			if (cause instanceof TransactionSystemException failed && failed.getApplicationException() != null
					&& lostDatabase(failed.getApplicationException())) {
				return true;
			}
			if (cause instanceof SQLException sql && sql.getSQLState() != null
					&& (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P"))) {
				return true;
			}
		}
		return false;
	}

	@Override
	protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof RequestSizeLimitFilter.BodyTooLarge tooLarge) {
				ProblemDetail body = problem(HttpStatus.CONTENT_TOO_LARGE, "payload-too-large",
						"Request body too large", tooLarge.getMessage());
				return handleExceptionInternal(ex, body, headers, HttpStatus.CONTENT_TOO_LARGE, request);
			}
		}
		ProblemDetail body = problem(HttpStatus.BAD_REQUEST, "malformed-request", "Malformed request body",
				describe(ex));
		return handleExceptionInternal(ex, body, headers, HttpStatus.BAD_REQUEST, request);
	}

	/**
	 * The client accepts nothing this operation answers, so content negotiation would
	 * find no way to write the problem either and send an empty body: it is written as
	 * problem+json regardless, as RFC 9110 allows.
	 */
	@Override
	protected ResponseEntity<Object> handleHttpMediaTypeNotAcceptable(HttpMediaTypeNotAcceptableException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		HttpServletResponse response = ((ServletWebRequest) request).getResponse();
		if (response == null || response.isCommitted()) {
			return null;
		}
		String supported = ex.getSupportedMediaTypes()
			.stream()
			.map(MediaType::toString)
			.collect(Collectors.joining(", "));
		ProblemDetail body = problem(HttpStatus.NOT_ACCEPTABLE, "not-acceptable", "Not acceptable",
				"this operation answers " + (supported.isEmpty() ? "application/json" : supported)
						+ ", which the Accept header does not take");
		try {
			response.setStatus(HttpStatus.NOT_ACCEPTABLE.value());
			response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
			this.json.writeValue(response.getOutputStream(), body);
		}
		catch (IOException failed) {
			// the client went away; there is no one left to tell
		}
		return null;
	}

	@Override
	protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		List<Map<String, String>> problems = ex.getBindingResult()
			.getFieldErrors()
			.stream()
			.map((error) -> Map.of("field", error.getField(), "message", String.valueOf(error.getDefaultMessage())))
			.toList();
		String detail = problems.stream()
			.map((p) -> p.get("field") + ": " + p.get("message"))
			.collect(Collectors.joining("; "));
		ProblemDetail body = problem(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request", detail);
		body.setProperty("problems", problems);
		return handleExceptionInternal(ex, body, headers, HttpStatus.BAD_REQUEST, request);
	}

	@ExceptionHandler(MethodArgumentTypeMismatchException.class)
	ResponseEntity<ProblemDetail> typeMismatch(MethodArgumentTypeMismatchException ex) {
		return respond(problem(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request",
				"parameter '" + ex.getName() + "' has an invalid value"));
	}

	@Override
	protected ResponseEntity<Object> createResponseEntity(Object body, HttpHeaders headers, HttpStatusCode statusCode,
			WebRequest request) {
		if (body instanceof ProblemDetail detail
				&& (detail.getProperties() == null || !detail.getProperties().containsKey("code"))) {
			String code = codeFor(statusCode.value());
			detail.setType(URI.create(TYPE_BASE + code));
			detail.setProperty("code", code);
		}
		return super.createResponseEntity(body, headers, statusCode, request);
	}

	public static ProblemDetail problem(HttpStatusCode status, String code, String title, String detail) {
		ProblemDetail body = ProblemDetail.forStatusAndDetail(status, detail);
		body.setType(URI.create(TYPE_BASE + code));
		body.setTitle(title);
		body.setProperty("code", code);
		return body;
	}

	private static ResponseEntity<ProblemDetail> respond(ProblemDetail body) {
		return ResponseEntity.status(body.getStatus()).body(body);
	}

	/**
	 * The code of an error known only by its status: Spring's own refusals and the
	 * container's. A finite list, so that openapi.yaml can name every code.
	 */
	public static String codeFor(int status) {
		return switch (status) {
			case 400 -> "malformed-request";
			case 401 -> "unauthenticated";
			case 403 -> "forbidden";
			case 404 -> "not-found";
			case 405 -> "method-not-allowed";
			case 406 -> "not-acceptable";
			case 413 -> "payload-too-large";
			case 415 -> "unsupported-media-type";
			case 503 -> "unavailable";
			default -> (status < 500) ? "client-error" : "internal-error";
		};
	}

	private static String describe(HttpMessageNotReadableException ex) {
		Throwable cause = ex.getCause();
		while (cause != null && !(cause instanceof JacksonException)) {
			cause = cause.getCause();
		}
		if (cause instanceof UnrecognizedPropertyException unknown) {
			return "unknown member '" + unknown.getPropertyName() + "' at " + path(unknown);
		}
		if (cause instanceof JacksonException jackson) {
			return "the body is not valid for this request at " + path(jackson) + ": " + jackson.getOriginalMessage();
		}
		return "the request body is missing or is not JSON";
	}

	private static String path(JacksonException ex) {
		StringBuilder path = new StringBuilder("$");
		for (JacksonException.Reference reference : ex.getPath()) {
			if (reference.getPropertyName() != null) {
				path.append('.').append(reference.getPropertyName());
			}
			else if (reference.getIndex() >= 0) {
				path.append('[').append(reference.getIndex()).append(']');
			}
		}
		return path.toString();
	}

}
