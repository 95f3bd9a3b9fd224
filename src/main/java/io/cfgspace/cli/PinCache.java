package io.cfgspace.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Map;

import io.cfgspace.layout.Json;
import io.cfgspace.layout.Layout;
import io.cfgspace.layout.LayoutDocument;
import io.cfgspace.layout.LayoutFormatException;

/**
 * The pins this host has fetched from the service, one file per model key and version, so
 * that a registry outage during a maintenance wave still lets a host verify what it has
 * seen before. Pins never change once written, so a cached copy never goes stale in what
 * it says about the layout; only a later deprecation is missed.
 *
 * <p>
 * A file is trusted only when it names the pin it is stored under and its layout hashes
 * to its fingerprint; anything else is deleted with a warning and read as absent, so a
 * corrupt file can cost a lookup but never decide a verdict. Files are written to a
 * temporary name and renamed, so a reader never sees half a pin. The cache is a help,
 * never a requirement: a directory it cannot write only gives a warning.
 */
final class PinCache {

	/** Far above a pin document (a 4096-byte device's layout is a few tens of KiB). */
	private static final long MAX_FILE_BYTES = 4L * 1024 * 1024;

	private final Path directory;

	private final PrintWriter warnings;

	/** A pin as the service served it, checked, with its layout read. */
	record CachedPin(Map<String, Object> document, Layout layout, boolean deprecated, Path file) {

	}

	PinCache(Path directory, PrintWriter warnings) {
		this.directory = directory;
		this.warnings = warnings;
	}

	Path directory() {
		return this.directory;
	}

	/**
	 * The cached pin of this model and version, or {@code null} when there is none (or
	 * there was a corrupt one, now deleted).
	 */
	CachedPin read(String modelKey, int version) {
		Path file = file(modelKey, version);
		String text;
		try {
			if (Files.size(file) > MAX_FILE_BYTES) {
				return discard(file, "larger than " + MAX_FILE_BYTES + " bytes");
			}
			text = Files.readString(file, StandardCharsets.UTF_8);
		}
		catch (NoSuchFileException ex) {
			return null;
		}
		catch (IOException | RuntimeException ex) {
			// unreadable is not corrupt: leave the file for whoever can read it
			warn("cannot read the cached pin " + file + ": " + ex.getMessage());
			return null;
		}
		try {
			return check(Json.parse(text), modelKey, version, file);
		}
		catch (LayoutFormatException ex) {
			return discard(file, ex.getMessage());
		}
	}

	/** Caches a pin the service served; a pin that does not check out is not kept. */
	void write(String modelKey, int version, Map<String, Object> served) {
		try {
			check(served, modelKey, version, null);
		}
		catch (LayoutFormatException ex) {
			warn("not caching pin " + modelKey + " v" + version + ": " + ex.getMessage());
			return;
		}
		Path file = file(modelKey, version);
		Path temporary = null;
		try {
			Files.createDirectories(this.directory);
			temporary = Files.createTempFile(this.directory, ".pin-", ".tmp");
			try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
				channel.write(StandardCharsets.UTF_8.encode(Json.canonical(served) + "\n"));
				// the rename must not reach the disk before the content does
				channel.force(true);
			}
			move(temporary, file);
			temporary = null;
		}
		catch (IOException | RuntimeException ex) {
			warn("cannot cache pin " + modelKey + " v" + version + " in " + this.directory + ": " + ex.getMessage());
		}
		finally {
			if (temporary != null) {
				try {
					Files.deleteIfExists(temporary);
				}
				catch (IOException ex) {
					// a stray temporary file is harmless; readers never open one
				}
			}
		}
	}

	private static void move(Path from, Path to) throws IOException {
		try {
			Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
		}
		catch (AtomicMoveNotSupportedException ex) {
			// both names are in one directory, so this only happens on exotic file
			// systems; a plain rename there is still one step for readers
			Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
		}
	}

	private static CachedPin check(Object json, String modelKey, int version, Path file) {
		if (!(json instanceof Map<?, ?> map)) {
			throw new LayoutFormatException("$: expected a JSON object");
		}
		@SuppressWarnings("unchecked")
		Map<String, Object> document = (Map<String, Object>) map;
		if (!modelKey.equals(document.get("modelKey"))) {
			throw new LayoutFormatException("$.modelKey: expected " + modelKey + ", got " + document.get("modelKey"));
		}
		if (!(document.get("version") instanceof Long stored) || stored != version) {
			throw new LayoutFormatException("$.version: expected " + version + ", got " + document.get("version"));
		}
		if (document.get("layout") == null) {
			throw new LayoutFormatException("$.layout: required member is missing");
		}
		// fromJson re-hashes the layout against its own fingerprint member
		Layout layout = LayoutDocument.fromJson(document.get("layout"));
		if (!layout.fingerprint().equals(document.get("fingerprint"))) {
			throw new LayoutFormatException("$.fingerprint: " + document.get("fingerprint")
					+ " does not match the layout, which hashes to " + layout.fingerprint());
		}
		return new CachedPin(document, layout, Boolean.TRUE.equals(document.get("deprecated")), file);
	}

	private CachedPin discard(Path file, String why) {
		warn("discarded the corrupt cached pin " + file + " (" + why + ")");
		try {
			Files.deleteIfExists(file);
		}
		catch (IOException ex) {
			warn("cannot delete " + file + ": " + ex.getMessage());
		}
		return null;
	}

	private void warn(String message) {
		this.warnings.println("cfgspace: WARNING: " + message);
		this.warnings.flush();
	}

	/**
	 * {@code <key>.v<version>.json}, the key with everything but letters, digits,
	 * {@code -} and {@code _} written as {@code %XX}: a model key holds {@code :} and
	 * {@code @}, and no key may name a path outside the directory.
	 */
	Path file(String modelKey, int version) {
		StringBuilder name = new StringBuilder();
		for (byte b : modelKey.getBytes(StandardCharsets.UTF_8)) {
			char c = (char) (b & 0xFF);
			if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_') {
				name.append(c);
			}
			else {
				name.append(String.format("%%%02X", b & 0xFF));
			}
		}
		return this.directory.resolve(name + ".v" + version + ".json");
	}

}
