package io.cfgspace.verification;

import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

import io.cfgspace.system.ConnectionThread;
import io.cfgspace.verification.core.Verdict;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.SmartLifecycle;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Group commit for verdicts. A verdict must be durable before it is answered, and the
 * commit (a WAL flush) costs far more than the insert: one writer thread takes every
 * verdict waiting at that moment, inserts them in one transaction and completes all their
 * callers after that commit. Groups grow with the load by themselves; an idle service
 * commits each verdict alone, without waiting for company. A caller is answered only
 * after its own rows committed, so nothing acknowledged is ever lost.
 */
@Component
class VerdictWriter extends ConnectionThread {

	private static final Log logger = LogFactory.getLog(VerdictWriter.class);

	/** Rows in one transaction at most; a batch request is never split. */
	static final int MAX_GROUP_ROWS = 4096;

	/** Verdicts waiting for the writer; beyond this the service answers 503. */
	private static final int MAX_WAITING = 20_000;

	/** How long a verdict may wait before its caller gives up and nothing is written. */
	private static final Duration MAX_QUEUE_WAIT = Duration.ofSeconds(10);

	private final BlockingQueue<Entry> queue = new LinkedBlockingQueue<>(MAX_WAITING);

	private final JdbcTemplate jdbc;

	private final TransactionTemplate transactions;

	private final JsonMapper json;

	private final DistributionSummary groupSize;

	/**
	 * Requests whose verdicts are queued or being written: none of them is answered yet.
	 */
	private final AtomicInteger pending = new AtomicInteger();

	VerdictWriter(DataSource dataSource, JsonMapper json, MeterRegistry meters) {
		// its own connection: sharing the pool with the requests' reads would make every
		// group wait behind them, and groups would shrink exactly when the load grows. A
		// group's rows go in as one multi-row insert: one statement, not one per verdict
		super(dataSource, "cfgspace-verdict-writer",
				Map.of("reWriteBatchedInserts", "true", "ApplicationName", "cfgspace-verdict-writer"),
				Duration.ofSeconds(35));
		DataSource writes = connections();
		this.jdbc = new JdbcTemplate(writes);
		this.transactions = new TransactionTemplate(new DataSourceTransactionManager(writes));
		this.transactions.setTimeout(30);
		this.json = json;
		this.groupSize = DistributionSummary.builder("cfgspace.verification.commit.group")
			.description("Verdicts written per commit")
			.register(meters);
		Gauge.builder("cfgspace.verification.commit.pending", this.pending, AtomicInteger::get)
			.description("Requests whose verdicts wait for their commit")
			.register(meters);
	}

	/** A retried request's key: the first request to store it wins. */
	record IdempotencyClaim(String caller, String key, String requestSha256) {

	}

	/** The verdicts of one request, and where the writer put them. */
	sealed interface Written {

		/** Stored, with their ids. */
		record Stored(List<VerificationRecord> records) implements Written {
		}

		/** Not stored: another request already holds the idempotency key. */
		record KeyTaken() implements Written {
		}

	}

	/**
	 * Stores the verdicts of one request in one transaction (shared with other requests')
	 * and returns once it committed.
	 * @throws DataAccessResourceFailureException when the verdicts could not be stored in
	 * time; then none of them was stored
	 */
	Written write(List<VerificationRecord> drafts, IdempotencyClaim claim) {
		Entry entry = new Entry(drafts, claim);
		this.pending.incrementAndGet();
		try {
			if (!running() || !this.queue.offer(entry)) {
				throw new DataAccessResourceFailureException("the verdict writer is not accepting verdicts");
			}
			return awaitCommit(entry);
		}
		finally {
			this.pending.decrementAndGet();
		}
	}

	private Written awaitCommit(Entry entry) {
		try {
			try {
				return entry.result.get(MAX_QUEUE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
			}
			catch (TimeoutException ex) {
				if (entry.taken.compareAndSet(false, true)) {
					throw new DataAccessResourceFailureException(
							"no commit within " + MAX_QUEUE_WAIT + "; the verdicts were not stored");
				}
				// already in a transaction: its outcome is bounded by the transaction
				// timeout
				return entry.result.get();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new DataAccessResourceFailureException("interrupted while the verdicts were being stored", ex);
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof RuntimeException runtime) {
				throw runtime;
			}
			throw new IllegalStateException(ex.getCause());
		}
	}

	@Override
	protected void work() {
		List<Entry> group = new ArrayList<>();
		while (running() || !this.queue.isEmpty()) {
			try {
				Entry first = this.queue.poll(200, TimeUnit.MILLISECONDS);
				if (first == null) {
					continue;
				}
				group.clear();
				int rows = 0;
				for (Entry next = first; next != null; next = this.queue.peek()) {
					if (next != first && rows + next.drafts.size() > MAX_GROUP_ROWS) {
						break;
					}
					if (next != first) {
						this.queue.poll();
					}
					// a caller that gave up is not written: it was told nothing was
					// stored
					if (next.taken.compareAndSet(false, true)) {
						group.add(next);
						rows += next.drafts.size();
					}
				}
				commit(group);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
		}
	}

	private void commit(List<Entry> group) {
		if (group.isEmpty()) {
			return;
		}
		try {
			List<Written> written = this.transactions.execute((status) -> insert(group));
			for (int i = 0; i < group.size(); i++) {
				group.get(i).result.complete(written.get(i));
			}
			this.groupSize.record(group.stream().mapToInt((entry) -> entry.drafts.size()).sum());
		}
		catch (Throwable ex) {
			for (Entry entry : group) {
				entry.result.completeExceptionally(ex);
			}
			if (ex instanceof Error error) {
				logger.error("Verdict writer failed; verdicts of this group were refused", error);
			}
		}
	}

	private List<Written> insert(List<Entry> group) {
		int rows = group.stream().mapToInt((entry) -> entry.drafts.size()).sum();
		List<Long> ids = this.jdbc.queryForList(
				"select nextval(pg_get_serial_sequence('verification', 'id')) from generate_series(1, ?)", Long.class,
				rows);
		List<Written> written = new ArrayList<>(group.size());
		List<Object[]> inserts = new ArrayList<>(rows);
		int next = 0;
		for (Entry entry : group) {
			List<VerificationRecord> records = new ArrayList<>(entry.drafts.size());
			for (VerificationRecord draft : entry.drafts) {
				records.add(withId(draft, ids.get(next++)));
			}
			if (entry.claim != null && !claim(entry.claim, records)) {
				written.add(new Written.KeyTaken());
				continue;
			}
			UUID batch = (records.size() > 1) ? UUID.randomUUID() : null;
			for (VerificationRecord record : records) {
				inserts.add(new Object[] { record.id(), Timestamp.from(record.createdAt()), record.caller(),
						record.modelKey(), record.pinVersion(), record.fingerprint(), record.vmId(),
						record.deviceAddress(), record.sourceHost(), record.destinationHost(), record.verdict().name(),
						this.json.writeValueAsString(record.findings()), batch });
			}
			written.add(new Written.Stored(records));
		}
		this.jdbc.batchUpdate("""
				insert into verification (id, created_at, caller, model_key, pin_version, fingerprint, vm_id,
				    device_address, source_host, destination_host, verdict, findings, batch_id)
				values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, cast(? as jsonb), ?)""", inserts);
		return written;
	}

	/**
	 * Takes the key for these verdicts; false when it is taken already (committed, or
	 * earlier in this very group). On a conflict PostgreSQL waits for the other writer's
	 * transaction, so two service nodes never both store a retried request.
	 */
	private boolean claim(IdempotencyClaim claim, List<VerificationRecord> records) {
		Long[] ids = records.stream().map(VerificationRecord::id).toArray(Long[]::new);
		return this.jdbc.update("""
				insert into verification_idempotency (caller, idempotency_key, request_sha256, verification_ids,
				    created_at)
				values (?, ?, ?, ?, ?)
				on conflict do nothing""", claim.caller(), claim.key(), claim.requestSha256(), ids,
				Timestamp.from(records.get(0).createdAt())) == 1;
	}

	private static VerificationRecord withId(VerificationRecord draft, long id) {
		return new VerificationRecord(id, draft.createdAt(), draft.caller(), draft.modelKey(), draft.pinVersion(),
				draft.fingerprint(), draft.vmId(), draft.deviceAddress(), draft.sourceHost(), draft.destinationHost(),
				draft.verdict(), draft.findings());
	}

	/** After the web server: it stops taking requests before the writer stops writing. */
	@Override
	public int getPhase() {
		return SmartLifecycle.DEFAULT_PHASE - 4096;
	}

	private static final class Entry {

		final List<VerificationRecord> drafts;

		final IdempotencyClaim claim;

		/** Set by whoever gets the entry first: the writer, or its caller giving up. */
		final AtomicBoolean taken = new AtomicBoolean();

		final CompletableFuture<Written> result = new CompletableFuture<>();

		Entry(List<VerificationRecord> drafts, IdempotencyClaim claim) {
			this.drafts = drafts;
			this.claim = claim;
		}

	}

}
