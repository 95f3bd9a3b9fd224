package io.cfgspace.planning;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import io.cfgspace.layout.Layout;
import io.cfgspace.planning.core.CapabilityRef;
import io.cfgspace.planning.core.Plan;
import io.cfgspace.planning.core.Planner;
import io.cfgspace.planning.core.SynthesisRequest;
import io.cfgspace.registry.ModelKey;
import io.cfgspace.registry.PinService.StoredPin;
import io.cfgspace.registry.PinService.StoredPinSummary;
import io.cfgspace.registry.PinService;
import io.cfgspace.verification.QuirkService;
import io.cfgspace.verification.core.Finding;
import io.cfgspace.verification.core.FindingCode;
import io.cfgspace.verification.core.Quirk;
import io.cfgspace.verification.core.SideView;
import io.cfgspace.verification.core.Verdict;
import io.cfgspace.verification.core.Verifier;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Plans layouts with the stored quirks, and tells which pins a new device variant breaks.
 */
@Service
public class PlanningService {

	static final Duration RECENT = Duration.ofDays(30);

	private final QuirkService quirks;

	private final PinService pins;

	private final JdbcTemplate jdbc;

	private final Clock clock;

	PlanningService(QuirkService quirks, PinService pins, JdbcTemplate jdbc, Clock clock) {
		this.quirks = quirks;
		this.pins = pins;
		this.jdbc = jdbc;
		this.clock = clock;
	}

	@Transactional(readOnly = true)
	public Plan plan(List<Layout> variants, List<CapabilityRef> hide, List<SynthesisRequest> synthesize,
			boolean standardSpace) {
		Set<String> devices = new LinkedHashSet<>();
		List<Quirk> known = new ArrayList<>();
		for (Layout variant : variants) {
			int vendor = variant.identity().vendorId();
			int device = variant.identity().deviceId();
			if (devices.add(vendor + ":" + device)) {
				known.addAll(this.quirks.forDevice(vendor, device));
			}
		}
		return Planner.plan(variants, hide, synthesize, known, standardSpace);
	}

	/** One pinned version and whether a host with the new device could present it. */
	public record VersionImpact(StoredPinSummary pin, boolean presentable, List<Finding> findings,
			long recentVerifications) {

	}

	/**
	 * For every pinned version that is not deprecated: can a host with this device
	 * present the pinned layout (physical blocks where pinned, room for every synthesized
	 * block)? Each answer comes with the number of verifications of the last 30 days
	 * against that version: how many VMs a roll-out could strand.
	 */
	@Transactional(readOnly = true)
	public List<VersionImpact> impact(ModelKey key, Layout candidate) {
		List<Quirk> deviceQuirks = this.quirks.forDevice(candidate.identity().vendorId(),
				candidate.identity().deviceId());
		Timestamp since = Timestamp.from(this.clock.instant().minus(RECENT));
		List<VersionImpact> impacts = new ArrayList<>();
		for (StoredPinSummary summary : this.pins.versions(key)) {
			if (summary.deprecation() != null) {
				continue;
			}
			StoredPin pin = this.pins.read(key, summary.pin().version());
			// the pin stands in for the source: the guest was given the pinned layout
			Verdict verdict = Verifier.verify(pin.layout(), false, new SideView.Virtual(pin.layout(), null),
					new SideView.Physical(candidate, null, null, null), deviceQuirks);
			List<Finding> findings = verdict.findings()
				.stream()
				.filter((f) -> f.side() == Finding.Side.DESTINATION && f.code() != FindingCode.IOMMU_UNKNOWN)
				.toList();
			Long recent = this.jdbc.queryForObject(
					"select count(*) from verification where model_key = ? and pin_version = ? and created_at >= ?",
					Long.class, key.toString(), summary.pin().version(), since);
			impacts.add(new VersionImpact(summary, findings.isEmpty(), findings, (recent != null) ? recent : 0));
		}
		return impacts;
	}

}
