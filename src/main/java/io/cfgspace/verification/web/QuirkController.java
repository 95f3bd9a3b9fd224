package io.cfgspace.verification.web;

import java.net.URI;
import java.time.Instant;
import java.util.List;

import io.cfgspace.system.BadRequest;
import io.cfgspace.verification.QuirkRecord;
import io.cfgspace.verification.QuirkService;
import io.cfgspace.verification.core.Quirk;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The quirk registry: read by everyone, changed by admins. */
@RestController
@RequestMapping("/api/v1/quirks")
class QuirkController {

	private final QuirkService quirks;

	QuirkController(QuirkService quirks) {
		this.quirks = quirks;
	}

	record RangeView(@NotNull @Min(0) @Max(0xFFF) Integer start, @NotNull @Min(1) @Max(0x1000) Integer end) {
	}

	record QuirkRequest(@NotNull @Min(0) @Max(0xFFFF) Integer vendorId, @NotNull @Min(0) @Max(0xFFFF) Integer deviceId,
			@Min(0) @Max(0xFF) Integer revisionId, Boolean allGaps,
			@Valid @Size(max = 64) List<@NotNull RangeView> ranges, @NotBlank @Size(max = 2000) String reason) {

		Quirk toQuirk() {
			boolean gaps = Boolean.TRUE.equals(this.allGaps);
			List<RangeView> given = (this.ranges != null) ? this.ranges : List.of();
			if (!gaps && given.isEmpty()) {
				throw new BadRequest("invalid-request", "Invalid request",
						"a quirk needs ranges, or allGaps: true when the used ranges are not known");
			}
			try {
				return new Quirk(this.vendorId, this.deviceId, this.revisionId, gaps,
						given.stream().map((r) -> new Quirk.Range(r.start(), r.end())).toList(), this.reason.strip());
			}
			catch (IllegalArgumentException ex) {
				throw new BadRequest("invalid-request", "Invalid request", "ranges: " + ex.getMessage());
			}
		}

	}

	record QuirkView(long id, int vendorId, int deviceId, Integer revisionId, boolean allGaps, List<RangeView> ranges,
			String reason, Instant createdAt, String createdBy) {

		static QuirkView of(QuirkRecord record) {
			Quirk quirk = record.toQuirk();
			return new QuirkView(record.id(), quirk.vendorId(), quirk.deviceId(), quirk.revisionId(), quirk.allGaps(),
					quirk.ranges().stream().map((r) -> new RangeView(r.start(), r.end())).toList(), quirk.reason(),
					record.createdAt(), record.createdBy());
		}

	}

	record QuirkList(List<QuirkView> items) {
	}

	@GetMapping
	QuirkList list() {
		return new QuirkList(this.quirks.list().stream().map(QuirkView::of).toList());
	}

	@GetMapping("/{id}")
	QuirkView get(@PathVariable long id) {
		return QuirkView.of(this.quirks.get(id));
	}

	@PostMapping
	ResponseEntity<QuirkView> create(@Valid @RequestBody QuirkRequest request, Authentication caller) {
		QuirkView view = QuirkView.of(this.quirks.create(request.toQuirk(), caller.getName()));
		return ResponseEntity.created(URI.create("/api/v1/quirks/" + view.id())).body(view);
	}

	@PutMapping("/{id}")
	QuirkView change(@PathVariable long id, @Valid @RequestBody QuirkRequest request) {
		return QuirkView.of(this.quirks.change(id, request.toQuirk()));
	}

	@DeleteMapping("/{id}")
	ResponseEntity<Void> delete(@PathVariable long id) {
		this.quirks.delete(id);
		return ResponseEntity.noContent().build();
	}

}
