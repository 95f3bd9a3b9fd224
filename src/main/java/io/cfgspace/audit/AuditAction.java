package io.cfgspace.audit;

import java.util.Locale;

/**
 * What an admin (or a token, or the service itself) changed. The names in the API and in
 * audit_event.action are {@link #json()}; V13__audit_event.sql and V19 check the same
 * list.
 */
public enum AuditAction {

	TOKEN_ISSUED, TOKEN_REVOKED,

	USER_CREATED, USER_DISABLED, USER_ENABLED, USER_ROLE_CHANGED, USER_PASSWORD_RESET, USER_PASSWORD_CHANGED,

	QUIRK_CREATED, QUIRK_CHANGED, QUIRK_DELETED,

	PIN_PROPOSED, PIN_APPROVED, PIN_DEPRECATED,

	MODEL_CREATED, MODEL_CHANGED,

	PROFILE_CREATED, PROFILE_CHANGED, PROFILE_DELETED,

	SETTINGS_CHANGED;

	/** Lower case with hyphens: "token-issued". */
	public String json() {
		return name().toLowerCase(Locale.ROOT).replace('_', '-');
	}

	public static AuditAction fromJson(String value) {
		for (AuditAction action : values()) {
			if (action.json().equals(value)) {
				return action;
			}
		}
		throw new IllegalArgumentException("unknown audit action '" + value + "'");
	}

}
