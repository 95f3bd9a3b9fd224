package io.cfgspace.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import io.cfgspace.Api;
import io.cfgspace.IntegrationTest;
import io.cfgspace.layout.Json;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.IllegalTransactionStateException;

/**
 * Every admin change leaves exactly one record, written with the change or not at all.
 */
@IntegrationTest
class AuditTrailIntegrationTest {

	@LocalServerPort
	int port;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	AuditTrail trail;

	private Api admin() {
		return Api.admin(this.port);
	}

	/** The records about this subject, oldest first: action, actor, detail. */
	private List<Map<String, Object>> recordsOf(String subject) {
		return this.jdbc.queryForList(
				"select action, actor, detail::text as detail from audit_event where subject = ? order by id", subject);
	}

	@Test
	void issuingAndRevokingATokenLeavesOneRecordEach() {
		String name = "audited " + System.nanoTime();
		Map<String, Object> issued = admin()
			.post("/api/v1/tokens", Json.canonical(Map.of("name", name, "role", "viewer")))
			.expect(201)
			.map();
		String subject = "token " + issued.get("id") + " (" + name + ")";
		assertThat(recordsOf(subject)).singleElement()
			.satisfies((row) -> assertThat(row).containsEntry("action", "token-issued")
				.containsEntry("actor", "admin")
				.containsEntry("detail", "{\"role\": \"viewer\"}"));
		admin().delete("/api/v1/tokens/" + issued.get("id")).expect(204);
		admin().delete("/api/v1/tokens/" + issued.get("id")).expect(204);
		assertThat(recordsOf(subject)).extracting((row) -> row.get("action"))
			.containsExactly("token-issued", "token-revoked");
	}

	@Test
	void aRecordOutsideATransactionIsRefused() {
		assertThatThrownBy(() -> this.trail.record(AuditAction.SETTINGS_CHANGED, "settings", Map.of()))
			.isInstanceOf(IllegalTransactionStateException.class);
	}

	@Test
	void theDatabaseRefusesToChangeOrRemoveARecord() {
		this.jdbc.execute(
				"""
						do $$ begin
						insert into audit_event (occurred_at, actor, action, subject) values (now(), 'test', 'settings-changed', 'kept');
						end $$""");
		assertThatThrownBy(() -> this.jdbc.update("update audit_event set actor = 'someone else'"))
			.isInstanceOf(DataAccessException.class)
			.hasMessageContaining("audit_event is immutable");
		assertThatThrownBy(() -> this.jdbc.update("delete from audit_event")).isInstanceOf(DataAccessException.class)
			.hasMessageContaining("audit_event is immutable");
		assertThatThrownBy(() -> this.jdbc.execute("truncate audit_event")).isInstanceOf(DataAccessException.class)
			.hasMessageContaining("audit_event is immutable");
		assertThat(this.jdbc.queryForObject("select count(*) from audit_event where subject = 'kept'", Long.class))
			.isPositive();
	}

}
