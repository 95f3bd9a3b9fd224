package io.cfgspace.ui;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import io.cfgspace.configspace.ConfigSpaceParser;
import io.cfgspace.configspace.DeviceDump;
import io.cfgspace.configspace.read.Dumps;
import io.cfgspace.layout.Layout;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;

/** Look at a dump: its map, before anything is pinned. Stateless, like POST /parse. */
@Controller
class DumpPages {

	private final Maps maps;

	DumpPages(Maps maps) {
		this.maps = maps;
	}

	/** One device of the dump, drawn. */
	record Parsed(String address, Layout layout, LayoutMap map) {

	}

	@GetMapping("/ui/parse")
	String form(Model model) {
		model.addAttribute("dump", "");
		model.addAttribute("devices", List.of());
		return "ui/parse";
	}

	@PostMapping("/ui/parse")
	String parse(@RequestParam(required = false) String dump, @RequestParam(required = false) MultipartFile file,
			Model model) throws IOException {
		String text = PinFlowPages.text(dump, (file != null) ? List.of(file) : List.of()).strip();
		if (text.isEmpty()) {
			throw new IllegalArgumentException("paste or upload a dump");
		}
		List<Parsed> devices = new ArrayList<>();
		int number = 0;
		for (DeviceDump device : Dumps.read(text)) {
			Layout layout = ConfigSpaceParser.parse(device.configSpace());
			// one anchor prefix per device: a dump of several devices shows several maps
			devices.add(new Parsed(device.address(), layout,
					this.maps.of(layout, java.util.Set.of(), (number == 0) ? "" : "d" + number + "-")));
			number++;
		}
		model.addAttribute("dump", text);
		model.addAttribute("devices", devices);
		return "ui/parse";
	}

}
