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
		model.addAttribute("resource", "");
		model.addAttribute("devices", List.of());
		return "ui/parse";
	}

	/**
	 * @param resource the sysfs {@code resource} file of a single device, for its BAR
	 * sizes
	 */
	@PostMapping("/ui/parse")
	String parse(@RequestParam(required = false) String dump, @RequestParam(required = false) String resource,
			@RequestParam(required = false) MultipartFile file, Model model) throws IOException {
		String text = PinFlowPages.text(dump, (file != null) ? List.of(file) : List.of()).strip();
		if (text.isEmpty()) {
			throw new IllegalArgumentException("paste or upload a dump");
		}
		// a browser sends a text area's lines with CR LF; sysfs writes LF
		String sizes = (resource != null) ? resource.replace("\r\n", "\n").strip() : "";
		List<DeviceDump> dumps = Dumps.read(text);
		if (!sizes.isEmpty()) {
			// the API's rules for POST /parse: one device, and no sizes twice
			dumps = List.of(io.cfgspace.registry.web.Dumps.single(text, sizes + "\n"));
		}
		List<Parsed> devices = new ArrayList<>();
		int number = 0;
		for (DeviceDump device : dumps) {
			Layout layout = ConfigSpaceParser.parse(device);
			// one anchor prefix per device: a dump of several devices shows several maps
			devices.add(new Parsed(device.address(), layout,
					this.maps.of(layout, java.util.Set.of(), (number == 0) ? "" : "d" + number + "-")));
			number++;
		}
		model.addAttribute("dump", text);
		model.addAttribute("resource", sizes);
		model.addAttribute("devices", devices);
		return "ui/parse";
	}

}
