package io.cfgspace.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.cfgspace.configspace.ConfigSpaceParser;
import io.cfgspace.configspace.DeviceDump;
import io.cfgspace.configspace.DumpFormatException;
import io.cfgspace.configspace.ResourceSizes;
import io.cfgspace.configspace.read.DumpFormat;
import io.cfgspace.configspace.read.Dumps;
import io.cfgspace.layout.Json;
import io.cfgspace.layout.Layout;
import io.cfgspace.layout.LayoutDocument;
import io.cfgspace.layout.LayoutFormatException;

/**
 * The files the commands read: a side (one device's dump in any format the core reads, or
 * a layout document), a pin, a quirk list. Every failure is a
 * {@link CommandFailure#unusable} naming the file.
 *
 * <p>
 * A dump cannot show BAR sizes. A sysfs {@code config} file takes them from the
 * {@code resource} file the kernel keeps beside it; lspci text gives them in its
 * {@code -v} lines when lspci ran on a live system.
 */
final class InputFile {

	/** Far above any dump (a 4096-byte lspci -xxxx dump is about 14 KiB per device). */
	private static final long MAX_INPUT_BYTES = 16L * 1024 * 1024;

	private static final String SYSFS_CONFIG = "config";

	private static final String SYSFS_RESOURCE = "resource";

	private InputFile() {
	}

	/**
	 * One side as read: its layout, its raw config space when it is a dump ({@code null}
	 * for a layout document), and the members a verification request carries for it.
	 */
	record Side(Layout layout, byte[] bytes, Map<String, Object> request) {

	}

	/**
	 * A dump as read: its devices, how it was written, and the sysfs resource file that
	 * gave the BAR sizes, or {@code null}.
	 */
	record Dump(List<DeviceDump> devices, DumpFormat format, ResourceFile resource) {

	}

	/** A sysfs {@code resource} file: its text, and the sizes it gives. */
	record ResourceFile(String text, ResourceSizes sizes) {

	}

	/** A pin: its layout, and whether the registry said it is deprecated. */
	record Pin(Layout layout, boolean deprecated) {

	}

	static Side side(String file) throws CommandFailure {
		byte[] bytes = read(file);
		if (looksLikeJson(bytes)) {
			Object json = json(file, bytes);
			try {
				return new Side(LayoutDocument.fromJson(json), null, Map.of("layout", object(file, json)));
			}
			catch (LayoutFormatException ex) {
				throw CommandFailure.unusable(file + ": " + ex.getMessage());
			}
		}
		Dump dump = dump(file, bytes);
		if (dump.devices().size() != 1) {
			throw CommandFailure
				.unusable(file + ": the dump holds " + dump.devices().size() + " devices; give one device's");
		}
		DeviceDump device = dump.devices().get(0);
		byte[] raw = device.configSpace().toByteArray();
		Map<String, Object> request = new LinkedHashMap<>();
		if (dump.format() == DumpFormat.LSPCI && !device.sizes().isUnknown()) {
			// the service reads the same sizes from the same lines
			request.put("dump", new String(bytes, StandardCharsets.UTF_8));
		}
		else {
			request.put("dump", hex(raw));
			if (dump.resource() != null) {
				request.put("resource", dump.resource().text());
			}
		}
		return new Side(ConfigSpaceParser.parse(device), raw, request);
	}

	/** A dump file, with the sizes of the resource file beside a sysfs config file. */
	static Dump dump(String file, byte[] bytes) throws CommandFailure {
		return dump(file, bytes, Path.of(file));
	}

	/** A dump read from standard input, which has no file beside it. */
	static Dump standardInputDump(byte[] bytes) throws CommandFailure {
		return dump("<stdin>", bytes, null);
	}

	private static Dump dump(String name, byte[] bytes, Path path) throws CommandFailure {
		List<DeviceDump> devices;
		DumpFormat format;
		try {
			devices = Dumps.read(bytes);
			format = Dumps.detect(bytes);
		}
		catch (DumpFormatException ex) {
			throw CommandFailure.unusable(name + ": " + ex.getMessage());
		}
		Path beside = (path != null && format == DumpFormat.SYSFS && path.getFileName() != null
				&& path.getFileName().toString().equals(SYSFS_CONFIG)) ? path.resolveSibling(SYSFS_RESOURCE) : null;
		if (beside == null || !Files.isReadable(beside) || Files.isDirectory(beside)) {
			return new Dump(devices, format, null);
		}
		ResourceFile resource = resource(beside);
		DeviceDump device = devices.get(0);
		return new Dump(List.of(new DeviceDump(device.address(), device.configSpace(), resource.sizes())), format,
				resource);
	}

	/** A function's sysfs {@code resource} file, checked. */
	static ResourceFile resource(Path file) throws CommandFailure {
		String text = new String(read(file.toString()), StandardCharsets.US_ASCII);
		try {
			return new ResourceFile(text, ResourceSizes.fromSysfs(text));
		}
		catch (DumpFormatException ex) {
			throw CommandFailure.unusable(file + ": " + ex.getMessage());
		}
	}

	/**
	 * A layout document, or a pin as the registry serves it (then its {@code layout} and
	 * {@code deprecated} members are used).
	 */
	static Pin pin(String file) throws CommandFailure {
		byte[] bytes = read(file);
		if (!looksLikeJson(bytes)) {
			// the usual slip is handing the pin's dump itself to --pin
			throw CommandFailure.unusable(file + ": not a layout document; --pin takes the JSON that"
					+ " `cfgspace parse --json DUMP` prints, or a pin as GET .../pins/{version} returns it");
		}
		Map<String, Object> json = object(file, json(file, bytes));
		try {
			if (!json.containsKey("format") && json.get("layout") instanceof Map<?, ?> layout) {
				return new Pin(LayoutDocument.fromJson(layout), Boolean.TRUE.equals(json.get("deprecated")));
			}
			return new Pin(LayoutDocument.fromJson(json), false);
		}
		catch (LayoutFormatException ex) {
			throw CommandFailure.unusable(file + ": " + ex.getMessage());
		}
	}

	static Object json(String file) throws CommandFailure {
		return json(file, read(file));
	}

	/** Standard input, within the same size limit as a file. */
	static byte[] standardInput() throws CommandFailure {
		try {
			byte[] input = System.in.readNBytes((int) MAX_INPUT_BYTES + 1);
			if (input.length > MAX_INPUT_BYTES) {
				throw CommandFailure
					.unusable("<stdin>: larger than " + MAX_INPUT_BYTES + " bytes; not a config-space dump");
			}
			return input;
		}
		catch (IOException ex) {
			throw CommandFailure.unusable("<stdin>: " + ex.getMessage());
		}
	}

	static byte[] read(String file) throws CommandFailure {
		try {
			Path path = Path.of(file);
			if (Files.isDirectory(path)) {
				throw CommandFailure.unusable(file + ": is a directory");
			}
			// sysfs reports 4096 for a config file however much of it the reader may see
			if (Files.size(path) > MAX_INPUT_BYTES) {
				throw CommandFailure
					.unusable(file + ": larger than " + MAX_INPUT_BYTES + " bytes; not a config-space dump");
			}
			return Files.readAllBytes(path);
		}
		catch (NoSuchFileException ex) {
			throw CommandFailure.unusable(file + ": no such file");
		}
		catch (IOException | RuntimeException ex) {
			throw CommandFailure.unusable(file + ": " + ((ex.getMessage() != null) ? ex.getMessage() : ex));
		}
	}

	private static boolean looksLikeJson(byte[] bytes) {
		for (byte b : bytes) {
			if (b == ' ' || b == '\t' || b == '\r' || b == '\n') {
				continue;
			}
			return b == '{';
		}
		return false;
	}

	private static Object json(String file, byte[] bytes) throws CommandFailure {
		try {
			return Json.parse(new String(bytes, StandardCharsets.UTF_8));
		}
		catch (LayoutFormatException ex) {
			throw CommandFailure.unusable(file + ": " + ex.getMessage());
		}
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> object(String file, Object json) throws CommandFailure {
		if (!(json instanceof Map)) {
			throw CommandFailure.unusable(file + ": expected a JSON object");
		}
		return (Map<String, Object>) json;
	}

	private static String hex(byte[] bytes) {
		return HexFormat.of().formatHex(bytes);
	}

}
