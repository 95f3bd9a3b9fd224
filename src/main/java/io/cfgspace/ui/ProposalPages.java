package io.cfgspace.ui;

import java.util.ArrayList;
import java.util.List;

import io.cfgspace.registry.ModelKey;
import io.cfgspace.registry.PinService;
import io.cfgspace.registry.PinService.StoredPin;
import io.cfgspace.security.Person;
import io.cfgspace.system.BadRequest;
import io.cfgspace.verification.core.PinChanges;

import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Four-eyes proposals waiting for their second person, each with what it changes against
 * the version in force, and the approval an operator other than the proposer gives.
 */
@Controller
class ProposalPages {

	/** As the API's ApprovalRequest allows. */
	private static final int MAX_NOTE = 2000;

	private final PinService pins;

	ProposalPages(PinService pins) {
		this.pins = pins;
	}

	/**
	 * A proposed version, the version in force it would follow ({@code null} for a
	 * model's first pin) and the changes between them.
	 */
	record Proposal(StoredPin proposed, StoredPin inForce, List<PinChanges.Change> changes) {

	}

	@GetMapping("/ui/proposals")
	String proposals(Authentication caller, Model page) {
		List<Proposal> proposals = new ArrayList<>();
		for (StoredPin proposed : this.pins.proposals()) {
			StoredPin inForce = this.pins.inForce(proposed.model().key());
			proposals.add(new Proposal(proposed, inForce,
					(inForce != null) ? PinChanges.between(inForce.layout(), proposed.layout()) : List.of()));
		}
		page.addAttribute("proposals", proposals);
		// the proposer gets no Approve button: the service refuses self-approval anyway
		page.addAttribute("person", Person.of(caller).id());
		return "ui/proposals";
	}

	@PostMapping("/ui/models/{key}/pins/{version}/approval")
	String approve(@PathVariable String key, @PathVariable int version, @RequestParam(required = false) String note,
			Authentication caller, RedirectAttributes redirect) {
		ModelKey model = ModelKey.parse(key);
		String text = (note == null || note.isBlank()) ? null : note.strip();
		if (text != null && text.length() > MAX_NOTE) {
			throw new BadRequest("invalid-request", "Invalid request",
					"the note is " + text.length() + " characters long; at most " + MAX_NOTE + " are kept");
		}
		this.pins.approve(model, version, Person.of(caller), text);
		redirect.addFlashAttribute("approved", model + " v" + version);
		return "redirect:/ui/proposals";
	}

}
