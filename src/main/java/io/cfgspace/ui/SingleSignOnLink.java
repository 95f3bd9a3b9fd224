package io.cfgspace.ui;

import io.cfgspace.security.OidcLogin;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/**
 * The sign-in page offers single sign-on only when an issuer and a client are configured.
 */
@ControllerAdvice(assignableTypes = DashboardController.class)
class SingleSignOnLink {

	private final boolean configured;

	SingleSignOnLink(ObjectProvider<OidcLogin> oidc) {
		this.configured = oidc.getIfAvailable() != null;
	}

	@ModelAttribute("singleSignOn")
	String singleSignOn() {
		return this.configured ? OidcLogin.START : null;
	}

}
