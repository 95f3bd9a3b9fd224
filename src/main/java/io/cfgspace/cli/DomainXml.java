package io.cfgspace.cli;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

/**
 * What the libvirt hook needs from a domain's XML: the PCI devices passed through from
 * the host, and the pin each must match, which the orchestrator writes into the domain's
 * {@code <metadata>}:
 *
 * <pre>
 * &lt;cfgspace:devices xmlns:cfgspace="https://cfgspace.io/libvirt/1"&gt;
 *   &lt;cfgspace:device address="0000:3b:00.0" model="8086:0b25" pin="3"/&gt;
 * &lt;/cfgspace:devices&gt;
 * </pre>
 *
 * A device entry names its hostdev by host {@code address}, or by the hostdev's
 * {@code alias} (such as {@code ua-dsa0}), which unlike the host address stays the same
 * on every host the domain migrates to.
 */
final class DomainXml {

	static final String NAMESPACE = "https://cfgspace.io/libvirt/1";

	private static final Pattern MODEL_KEY = Pattern.compile("[0-9a-fA-F]{4}:[0-9a-fA-F]{4}[0-9a-zA-Z:@._-]{0,60}");

	private static final Pattern PIN_VERSION = Pattern.compile("[1-9][0-9]{0,8}");

	/** A domain XML is a few KiB; far more is not one. */
	private static final int MAX_XML_BYTES = 4 * 1024 * 1024;

	private DomainXml() {
	}

	/** The domain XML libvirt writes on standard input. */
	static byte[] read(java.io.InputStream in) throws IOException, CommandFailure {
		byte[] xml = in.readNBytes(MAX_XML_BYTES + 1);
		if (xml.length > MAX_XML_BYTES) {
			throw CommandFailure.unusable("the domain XML is larger than " + MAX_XML_BYTES + " bytes");
		}
		return xml;
	}

	/**
	 * A PCI device of the domain, by its host address ({@code DDDD:BB:DD.F}, lower case);
	 * {@code model} and {@code pin} are {@code null} when the metadata names no pin for
	 * it.
	 */
	record PassthroughDevice(String address, String alias, String model, Integer pin) {

	}

	static List<PassthroughDevice> devices(byte[] xml) throws CommandFailure {
		Element domain = parse(xml).getDocumentElement();
		if (!"domain".equals(domain.getLocalName())) {
			throw CommandFailure.unusable("not a libvirt domain XML (the root is <" + domain.getLocalName() + ">)");
		}
		Map<String, Element> pins = pins(domain);
		List<PassthroughDevice> devices = new ArrayList<>();
		List<String> seen = new ArrayList<>();
		for (Element device : children(child(domain, null, "devices"), null, null)) {
			Element address = hostAddress(device);
			if (address == null) {
				continue;
			}
			String hostAddress = address(address);
			if (seen.contains(hostAddress)) {
				continue;
			}
			seen.add(hostAddress);
			Element aliasElement = child(device, null, "alias");
			String alias = (aliasElement != null && !aliasElement.getAttribute("name").isEmpty())
					? aliasElement.getAttribute("name") : null;
			Element pin = pins.remove("address " + hostAddress);
			Element byAlias = (alias != null) ? pins.remove("alias " + alias) : null;
			if (pin != null && byAlias != null) {
				throw CommandFailure
					.unusable("the metadata names two pins for " + hostAddress + " (by address and by alias)");
			}
			pin = (pin != null) ? pin : byAlias;
			devices.add((pin != null)
					? new PassthroughDevice(hostAddress, alias, pin.getAttribute("model"),
							Integer.valueOf(pin.getAttribute("pin")))
					: new PassthroughDevice(hostAddress, alias, null, null));
		}
		return devices;
	}

	/**
	 * A {@code <hostdev mode='subsystem' type='pci'>} or
	 * {@code <interface type='hostdev'>}.
	 */
	private static Element hostAddress(Element device) {
		boolean pciHostdev = "hostdev".equals(device.getLocalName()) && "subsystem".equals(device.getAttribute("mode"))
				&& "pci".equals(device.getAttribute("type"));
		// an SR-IOV VF given as a network interface is a PCI passthrough device too
		boolean hostdevInterface = "interface".equals(device.getLocalName())
				&& "hostdev".equals(device.getAttribute("type"));
		if (!pciHostdev && !hostdevInterface) {
			return null;
		}
		Element address = child(child(device, null, "source"), null, "address");
		if (address == null || (hostdevInterface && !"pci".equals(address.getAttribute("type")))) {
			return null;
		}
		return address;
	}

	private static String address(Element address) throws CommandFailure {
		int domain = number(address, "domain", 0xFFFF, true);
		int bus = number(address, "bus", 0xFF, false);
		int slot = number(address, "slot", 0x1F, false);
		int function = number(address, "function", 0x7, false);
		return String.format("%04x:%02x:%02x.%x", domain, bus, slot, function);
	}

	/** libvirt writes these as {@code 0x}-prefixed hex; it also reads plain decimal. */
	private static int number(Element address, String name, int max, boolean optional) throws CommandFailure {
		String text = address.getAttribute(name).strip();
		if (text.isEmpty() && optional) {
			return 0;
		}
		try {
			int value = (text.startsWith("0x") || text.startsWith("0X")) ? Integer.parseInt(text.substring(2), 16)
					: Integer.parseInt(text);
			if (value >= 0 && value <= max) {
				return value;
			}
		}
		catch (NumberFormatException ex) {
			// reported below
		}
		throw CommandFailure.unusable("a PCI hostdev address has " + name + "='" + text + "'");
	}

	/** The domain's machine type ({@code <os><type machine=...>}), or {@code null}. */
	static String machineType(byte[] xml) throws CommandFailure {
		Element type = child(child(parse(xml).getDocumentElement(), null, "os"), null, "type");
		return (type != null && !type.getAttribute("machine").isBlank()) ? type.getAttribute("machine").strip() : null;
	}

	/** The domain's emulator ({@code <devices><emulator>}), or {@code null}. */
	static String emulator(byte[] xml) throws CommandFailure {
		Element emulator = child(child(parse(xml).getDocumentElement(), null, "devices"), null, "emulator");
		return (emulator != null && !emulator.getTextContent().isBlank()) ? emulator.getTextContent().strip() : null;
	}

	/**
	 * The frontend properties libvirt's {@code <qemu:override>} sets, by device alias and
	 * property name, each as its {@code value} text.
	 */
	static Map<String, Map<String, String>> overrides(byte[] xml) throws CommandFailure {
		Map<String, Map<String, String>> overrides = new LinkedHashMap<>();
		String qemu = io.cfgspace.verification.core.VmmBuild.LIBVIRT_QEMU_NAMESPACE;
		for (Element override : children(parse(xml).getDocumentElement(), qemu, "override")) {
			for (Element device : children(override, qemu, "device")) {
				Map<String, String> properties = overrides.computeIfAbsent(device.getAttribute("alias"),
						(alias) -> new LinkedHashMap<>());
				for (Element frontend : children(device, qemu, "frontend")) {
					for (Element property : children(frontend, qemu, "property")) {
						properties.put(property.getAttribute("name"), property.getAttribute("value").strip());
					}
				}
			}
		}
		return overrides;
	}

	/** The metadata's device entries, keyed "address DDDD:BB:DD.F" or "alias NAME". */
	private static Map<String, Element> pins(Element domain) throws CommandFailure {
		Map<String, Element> pins = new LinkedHashMap<>();
		Element metadata = child(domain, null, "metadata");
		for (Element devices : children(metadata, NAMESPACE, "devices")) {
			for (Element device : children(devices, NAMESPACE, "device")) {
				String model = device.getAttribute("model").strip();
				String pin = device.getAttribute("pin").strip();
				if (!MODEL_KEY.matcher(model).matches() || !PIN_VERSION.matcher(pin).matches()) {
					throw CommandFailure
						.unusable("metadata: a cfgspace:device needs model=\"vvvv:dddd...\" and pin=\"N\","
								+ " got model=\"" + model + "\" pin=\"" + pin + "\"");
				}
				String key = key(device);
				if (pins.put(key, device) != null) {
					throw CommandFailure.unusable("metadata: two cfgspace:device entries for " + key);
				}
			}
		}
		return pins;
	}

	private static String key(Element device) throws CommandFailure {
		String address = device.getAttribute("address").strip().toLowerCase(Locale.ROOT);
		String alias = device.getAttribute("alias").strip();
		if (address.isEmpty() == alias.isEmpty()) {
			throw CommandFailure.unusable("metadata: a cfgspace:device needs either address=\"DDDD:BB:DD.F\" or alias");
		}
		if (!address.isEmpty() && !address.matches("[0-9a-f]{4}:[0-9a-f]{2}:[01][0-9a-f]\\.[0-7]")) {
			throw CommandFailure.unusable("metadata: address=\"" + address + "\" is not DDDD:BB:DD.F");
		}
		return address.isEmpty() ? "alias " + alias : "address " + address;
	}

	private static Document parse(byte[] xml) throws CommandFailure {
		try {
			DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
			factory.setNamespaceAware(true);
			// libvirt's XML has no DTD; refusing one shuts out entity expansion and XXE
			factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
			factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
			factory.setXIncludeAware(false);
			factory.setExpandEntityReferences(false);
			DocumentBuilder builder = factory.newDocumentBuilder();
			builder.setErrorHandler(null);
			return builder.parse(new ByteArrayInputStream(xml));
		}
		catch (SAXException | IOException ex) {
			throw CommandFailure.unusable("the domain XML cannot be read: " + ex.getMessage());
		}
		catch (ParserConfigurationException ex) {
			throw CommandFailure.undecided("no secure XML parser: " + ex.getMessage());
		}
	}

	private static Element child(Element parent, String namespace, String name) {
		List<Element> found = children(parent, namespace, name);
		return found.isEmpty() ? null : found.get(0);
	}

	/** Child elements, all of them when {@code name} is {@code null}. */
	private static List<Element> children(Element parent, String namespace, String name) {
		List<Element> found = new ArrayList<>();
		if (parent == null) {
			return found;
		}
		for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
			if (node instanceof Element element && (name == null
					|| (name.equals(element.getLocalName()) && Objects.equals(namespace, element.getNamespaceURI())))) {
				found.add(element);
			}
		}
		return found;
	}

}
