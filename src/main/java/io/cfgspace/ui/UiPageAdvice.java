package io.cfgspace.ui;

import io.cfgspace.configspace.DumpFormatException;
import io.cfgspace.layout.LayoutCompositionException;
import io.cfgspace.layout.LayoutFormatException;
import io.cfgspace.system.ApiProblem;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.security.access.hierarchicalroles.RoleHierarchy;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.ui.Model;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/**
 * What every UI page needs (the signed-in user), and failures as pages: the API's problem
 * codes, shown to a person with the status the API would answer. Ordered before the API's
 * problem+json advice, which would otherwise answer a browser with JSON.
 */
@ControllerAdvice(basePackageClasses = UiPageAdvice.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class UiPageAdvice {

	private final RoleHierarchy roles;

	UiPageAdvice(RoleHierarchy roles) {
		this.roles = roles;
	}

	@ModelAttribute("me")
	CurrentUser me(Authentication authentication) {
		return CurrentUser.of(authentication, this.roles);
	}

	@ExceptionHandler(ApiProblem.class)
	String problem(ApiProblem problem, Model model, HttpServletResponse response) {
		return page(model, response, problem.status().value(), problem.code(), problem.title(), problem.getMessage());
	}

	@ExceptionHandler(DumpFormatException.class)
	String malformedDump(DumpFormatException ex, Model model, HttpServletResponse response) {
		return page(model, response, 400, "malformed-dump", "Malformed dump", ex.getMessage());
	}

	@ExceptionHandler({ LayoutFormatException.class, LayoutCompositionException.class })
	String invalidLayout(RuntimeException ex, Model model, HttpServletResponse response) {
		return page(model, response, 400, "invalid-layout", "Invalid layout", ex.getMessage());
	}

	@ExceptionHandler({ MethodArgumentTypeMismatchException.class, MissingServletRequestParameterException.class,
			IllegalArgumentException.class })
	String badRequest(Exception ex, Model model, HttpServletResponse response) {
		return page(model, response, 400, "invalid-request", "Invalid request", ex.getMessage());
	}

	private String page(Model model, HttpServletResponse response, int status, String code, String title,
			String detail) {
		response.setStatus(status);
		// an exception handler gets a fresh model, without the @ModelAttribute above
		model.addAttribute("me", CurrentUser.of(SecurityContextHolder.getContext().getAuthentication(), this.roles));
		model.addAttribute("status", status);
		model.addAttribute("code", code);
		model.addAttribute("title", title);
		model.addAttribute("detail", detail);
		return "ui/problem";
	}

}
