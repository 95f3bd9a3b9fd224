package io.cfgspace.verification.web;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.cfgspace.configspace.DumpFormatException;
import io.cfgspace.layout.Fingerprint;
import io.cfgspace.layout.LayoutCompositionException;
import io.cfgspace.layout.LayoutFormatException;
import io.cfgspace.registry.ModelKey;
import io.cfgspace.security.HostBinding;
import io.cfgspace.system.ApiProblem;
import io.cfgspace.system.BadRequest;
import io.cfgspace.verification.VerificationRecord;
import io.cfgspace.verification.VerificationService.IdempotencyKey;
import io.cfgspace.verification.VerificationService.Verified;
import io.cfgspace.verification.VerificationService;
import io.cfgspace.verification.core.Finding;
import io.cfgspace.verification.core.FindingCode;
import io.cfgspace.verification.core.Verdict;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Valid;
import jakarta.validation.Validator;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Pre-migration verification: one device, or a whole host's devices in one batch. HTTP
 * 200 carries both verdicts; 4xx means the input could not be used and nothing was
 * decided.
 */
@RestController
@RequestMapping("/api/v1/verifications")
class VerificationController {

	static final int MAX_BATCH = 1000;

	static final String IDEMPOTENCY_KEY = "Idempotency-Key";

	static final String IDEMPOTENCY_REPLAYED = "Idempotency-Replayed";

	private static final Pattern VALID_KEY = Pattern.compile("[A-Za-z0-9._:-]{1,200}");

	private final VerificationService verifications;

	private final Validator validator;

	private final JsonMapper json;

	VerificationController(VerificationService verifications, Validator validator, JsonMapper json) {
		this.verifications = verifications;
		this.validator = validator;
		this.json = json;
	}

	record VerificationRequest(@NotNull String modelKey, @NotNull @Min(1) Integer pinVersion,
			@Size(max = 200) String vmId, @Size(max = 64) String deviceAddress, @Size(max = 255) String sourceHost,
			@Size(max = 255) String destinationHost, @NotNull @Valid SideRequest source,
			@NotNull @Valid SideRequest destination, @Size(max = 64) String sourceProfile,
			@Size(max = 64) String destinationProfile) {

		VerificationService.Request toRequest() {
			return new VerificationService.Request(ModelKey.parse(this.modelKey), this.pinVersion, this.vmId,
					this.deviceAddress, this.sourceHost, this.destinationHost, this.source.toView("source"),
					this.destination.toView("destination"), this.sourceProfile, this.destinationProfile);
		}

	}

	/**
	 * Items are validated one by one in {@link #verifyBatch}, so that a bad item is named
	 * by its index like any other unusable item.
	 */
	record BatchRequest(@NotEmpty @Size(max = MAX_BATCH) List<VerificationRequest> items) {
	}

	record VerificationView(long id, Instant createdAt, String caller, String modelKey, int pinVersion,
			String fingerprint, String vmId, String deviceAddress, String sourceHost, String destinationHost,
			String verdict, List<FindingView> findings) {

		static VerificationView of(VerificationRecord record) {
			return new VerificationView(record.id(), record.createdAt(), record.caller(), record.modelKey(),
					record.pinVersion(), record.fingerprint(), record.vmId(), record.deviceAddress(),
					record.sourceHost(), record.destinationHost(), record.verdict().name(),
					record.findings().stream().map(FindingView::of).toList());
		}

	}

	record BatchView(String verdict, int consistent, int inconsistent, List<VerificationView> items) {
	}

	record VerificationPage(List<VerificationView> items, String nextCursor) {
	}

	@PostMapping
	ResponseEntity<VerificationView> verify(@Valid @RequestBody VerificationRequest request,
			@RequestHeader(name = IDEMPOTENCY_KEY, required = false) String key, Authentication caller) {
		HostBinding.checkVerification(caller, request.sourceHost(), request.destinationHost(), "");
		Verified verified = this.verifications.verifyAll(List.of(request.toRequest()), caller.getName(),
				idempotency(key, request));
		return answer(verified, VerificationView.of(verified.records().get(0)));
	}

	@PostMapping("/batch")
	ResponseEntity<BatchView> verifyBatch(@Valid @RequestBody BatchRequest batch,
			@RequestHeader(name = IDEMPOTENCY_KEY, required = false) String key, Authentication caller) {
		for (int i = 0; i < batch.items().size(); i++) {
			VerificationRequest item = batch.items().get(i);
			if (item != null) {
				HostBinding.checkVerification(caller, item.sourceHost(), item.destinationHost(), "items[" + i + "]: ");
			}
		}
		// a host drain sends hundreds of dumps: read them on every core
		List<ReadItem> read = IntStream.range(0, batch.items().size())
			.parallel()
			.mapToObj((i) -> read(i, batch.items().get(i)))
			.toList();
		List<VerificationService.Request> requests = new ArrayList<>();
		List<Map<String, Object>> problems = new ArrayList<>();
		for (ReadItem item : read) {
			if (item.problem() != null) {
				problems.add(item.problem());
			}
			else {
				requests.add(item.request());
			}
		}
		if (!problems.isEmpty()) {
			throw new BadRequest("invalid-batch", "Invalid batch",
					problems.size() + " item(s) cannot be used; nothing was decided", problems);
		}
		Verified verified = this.verifications.verifyAll(requests, caller.getName(), idempotency(key, batch));
		List<VerificationView> items = verified.records().stream().map(VerificationView::of).toList();
		int consistent = (int) items.stream().filter((v) -> v.verdict().equals("CONSISTENT")).count();
		String overall = (consistent == items.size()) ? "CONSISTENT" : "INCONSISTENT";
		return answer(verified, new BatchView(overall, consistent, items.size() - consistent, items));
	}

	/** A batch item read: the request, or why it cannot be used. */
	private record ReadItem(VerificationService.Request request, Map<String, Object> problem) {

	}

	private ReadItem read(int index, VerificationRequest item) {
		String violations = violations(item);
		if (violations != null) {
			return new ReadItem(null, Map.of("index", index, "detail", violations));
		}
		try {
			return new ReadItem(item.toRequest(), null);
		}
		catch (ApiProblem | DumpFormatException | LayoutFormatException | LayoutCompositionException ex) {
			return new ReadItem(null, Map.of("index", index, "detail", String.valueOf(ex.getMessage())));
		}
	}

	private IdempotencyKey idempotency(String key, Object request) {
		if (key == null) {
			return null;
		}
		if (!VALID_KEY.matcher(key).matches()) {
			throw new BadRequest("invalid-idempotency-key", "Invalid Idempotency-Key",
					"the Idempotency-Key header must be 1 to 200 characters of A-Z, a-z, 0-9, '.', '_', ':' and '-'");
		}
		// the parsed request, written back, so that a retry's whitespace or member order
		// do not matter
		return new IdempotencyKey(key, Fingerprint.sha256Hex(this.json.writeValueAsString(request)));
	}

	private static <T> ResponseEntity<T> answer(Verified verified, T body) {
		return ResponseEntity.ok().headers((headers) -> {
			if (verified.replayed()) {
				headers.set(IDEMPOTENCY_REPLAYED, "true");
			}
		}).body(body);
	}

	private String violations(VerificationRequest item) {
		if (item == null) {
			return "the item is null";
		}
		Set<ConstraintViolation<VerificationRequest>> violations = this.validator.validate(item);
		if (violations.isEmpty()) {
			return null;
		}
		return violations.stream()
			.map((violation) -> violation.getPropertyPath() + ": " + violation.getMessage())
			.sorted()
			.collect(Collectors.joining("; "));
	}

	@GetMapping("/{id}")
	VerificationView get(@PathVariable long id) {
		return VerificationView.of(this.verifications.get(id));
	}

	@GetMapping
	VerificationPage list(@RequestParam(required = false) String model, @RequestParam(required = false) String verdict,
			@RequestParam(required = false) String host, @RequestParam(required = false) String vm,
			@RequestParam(required = false) Instant from, @RequestParam(required = false) Instant to,
			@RequestParam(required = false) String cursor, @RequestParam(defaultValue = "50") int limit) {
		if (limit < 1 || limit > 200) {
			throw new BadRequest("invalid-request", "Invalid request", "limit must be 1..200");
		}
		Verdict.Outcome outcome = null;
		if (verdict != null) {
			try {
				outcome = Verdict.Outcome.valueOf(verdict);
			}
			catch (IllegalArgumentException ex) {
				throw new BadRequest("invalid-request", "Invalid request",
						"verdict must be CONSISTENT or INCONSISTENT");
			}
		}
		String modelKey = (model != null) ? ModelKey.parse(model).toString() : null;
		Long before = null;
		if (cursor != null) {
			try {
				before = Long.parseLong(cursor);
			}
			catch (NumberFormatException ex) {
				throw BadRequest.invalidCursor();
			}
		}
		List<VerificationRecord> page = this.verifications
			.list(new VerificationService.Filter(modelKey, outcome, host, vm, from, to), before, limit + 1);
		String next = null;
		if (page.size() > limit) {
			page = page.subList(0, limit);
			next = String.valueOf(page.get(limit - 1).id());
		}
		return new VerificationPage(page.stream().map(VerificationView::of).toList(), next);
	}

}
