package io.cfgspace.ui;

import io.cfgspace.inventory.HostRecord;
import io.cfgspace.inventory.InventoryService;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The host inventory as GET /api/v1/hosts shows it: each host with its unmodelled devices
 * counted, and a host's devices with why no model claims the unmodelled ones.
 */
@Controller
class HostPages {

	static final int PAGE_SIZE = 50;

	private final InventoryService inventory;

	HostPages(InventoryService inventory) {
		this.inventory = inventory;
	}

	@GetMapping("/ui/hosts")
	String list(@RequestParam(required = false) String prefix, @RequestParam(required = false) String after,
			Model page) {
		String namePrefix = (prefix != null && !prefix.isBlank()) ? prefix.strip() : null;
		InventoryService.Page found = this.inventory.list(null, null, namePrefix,
				(after != null && !after.isBlank()) ? after : null, PAGE_SIZE);
		page.addAttribute("hosts", found.items());
		page.addAttribute("next", found.lastName());
		page.addAttribute("prefix", (namePrefix != null) ? namePrefix : "");
		return "ui/hosts";
	}

	@GetMapping("/ui/hosts/{name}")
	String host(@PathVariable String name, Model page) {
		HostRecord host = this.inventory.get(name);
		page.addAttribute("host", host);
		page.addAttribute("unmodelled", host.unmodelledDevices());
		return "ui/host";
	}

}
