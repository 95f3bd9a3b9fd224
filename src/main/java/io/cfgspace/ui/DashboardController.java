package io.cfgspace.ui;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.cfgspace.verification.VerificationRecord;
import io.cfgspace.verification.VerificationService;
import io.cfgspace.verification.core.Verdict;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;

/** The first page: how much is pinned, how migrations went today, what failed last. */
@Controller
class DashboardController {

	static final Duration RECENT = Duration.ofHours(24);

	private final JdbcTemplate jdbc;

	private final VerificationService verifications;

	private final Clock clock;

	DashboardController(JdbcTemplate jdbc, VerificationService verifications, Clock clock) {
		this.jdbc = jdbc;
		this.verifications = verifications;
		this.clock = clock;
	}

	/** A first visit to the bare host name finds the UI, not a 404. */
	@GetMapping("/")
	String root() {
		return "redirect:/ui";
	}

	@GetMapping("/ui")
	String dashboard(Model model) {
		model.addAttribute("models", count("select count(*) from device_model"));
		model.addAttribute("pins", count("select count(*) from pin"));
		model.addAttribute("deprecated", count("select count(*) from pin_deprecation"));
		Map<String, Long> byVerdict = new LinkedHashMap<>();
		for (Verdict.Outcome outcome : Verdict.Outcome.values()) {
			byVerdict.put(outcome.name(), 0L);
		}
		this.jdbc.query("select verdict, count(*) from verification where created_at >= ? group by verdict", (rs) -> {
			byVerdict.put(rs.getString(1), rs.getLong(2));
		}, Timestamp.from(this.clock.instant().minus(RECENT)));
		model.addAttribute("byVerdict", byVerdict);
		List<VerificationRecord> failures = this.verifications
			.list(new VerificationService.Filter(null, Verdict.Outcome.INCONSISTENT, null, null, null, null), null, 8);
		model.addAttribute("failures", failures);
		return "ui/dashboard";
	}

	@GetMapping("/ui/login")
	String login() {
		return "ui/login";
	}

	/** Any method: Spring Security forwards the denied request here as it came. */
	@RequestMapping("/ui/forbidden")
	String forbidden(Model model) {
		return "ui/forbidden";
	}

	private long count(String sql) {
		Long count = this.jdbc.queryForObject(sql, Long.class);
		return (count != null) ? count : 0;
	}

}
