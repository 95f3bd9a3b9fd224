package io.cfgspace.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;

import org.junit.jupiter.api.Test;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.transaction.TransactionSystemException;

/** Which database failures are "the database went away" (503) and which are faults. */
class LostDatabaseTest {

	@Test
	void aConnectionFailureAnywhereInTheCauses() {
		assertThat(ProblemDetailsAdvice.lostDatabase(new RuntimeException(new SQLException("I/O error", "08006"))))
			.isTrue();
		assertThat(ProblemDetailsAdvice
			.lostDatabase(new RuntimeException(new SQLException("terminating connection", "57P01")))).isTrue();
	}

	@Test
	void aRollbackThatFailedAfterTheConnectionWasLost() {
		// what the verdict writer's transaction throws when the database stops
		// mid-commit:
		// the rollback fails on the closed connection, the I/O error is kept apart
		TransactionSystemException rollbackFailed = new TransactionSystemException("JDBC rollback failed",
				new SQLException("Connection is closed"));
		rollbackFailed.initApplicationException(new SQLException("An I/O error occurred", "08006"));
		assertThat(ProblemDetailsAdvice.lostDatabase(rollbackFailed)).isTrue();
	}

	@Test
	void otherFailuresAreFaults() {
		assertThat(ProblemDetailsAdvice.lostDatabase(
				new DataIntegrityViolationException("duplicate key", new SQLException("duplicate key", "23505"))))
			.isFalse();
		TransactionSystemException rollbackFailed = new TransactionSystemException("JDBC rollback failed",
				new SQLException("Connection is closed"));
		rollbackFailed.initApplicationException(new SQLException("duplicate key", "23505"));
		assertThat(ProblemDetailsAdvice.lostDatabase(rollbackFailed)).isFalse();
	}

}
