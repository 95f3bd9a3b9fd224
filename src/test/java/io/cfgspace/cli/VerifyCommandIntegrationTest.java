package io.cfgspace.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.cfgspace.Api;
import io.cfgspace.IntegrationTest;
import io.cfgspace.layout.Json;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * {@code cfgspace verify} against the running service, through a proxy that loses the
 * answer to the first verification after the service recorded it, as a network can: the
 * CLI's retry under the same Idempotency-Key gets the recorded verdict, and the history
 * holds one. The pin it fetched on the way verifies offline once the service is gone.
 */
@IntegrationTest
class VerifyCommandIntegrationTest {

	@LocalServerPort
	int port;

	@TempDir
	Path directory;

	private Api verifier;

	private String token;

	private String model;

	private Path destination;

	private LosingProxy proxy;

	@BeforeEach
	void pinned() throws IOException {
		Api operator = Api.anonymous(this.port).withRole("operator");
		int device = ThreadLocalRandom.current().nextInt(0x1000, 0xFFFF);
		this.model = String.format("8086:%04x", device);
		operator.post("/api/v1/device-models", Json.canonical(Map.of("key", this.model, "displayName", "DSA")))
			.expect(201);
		byte[] bytes = IntelDsa.config();
		bytes[2] = (byte) device;
		bytes[3] = (byte) (device >> 8);
		operator
			.post("/api/v1/device-models/" + this.model + "/pins",
					Json.canonical(Map.of("dump", HexFormat.of().formatHex(bytes))))
			.expect(201);
		this.destination = Files.write(this.directory.resolve("config"), bytes);
		this.token = (String) Api.admin(this.port)
			.post("/api/v1/tokens", Json.canonical(Map.of("name", "hook " + System.nanoTime(), "role", "verifier")))
			.expect(201)
			.map()
			.get("token");
		this.verifier = Api.anonymous(this.port).bearer(this.token);
		this.proxy = new LosingProxy(this.port);
	}

	@AfterEach
	void close() throws IOException {
		this.proxy.close();
	}

	@Test
	void aVerificationWhoseAnswerWasLostIsRecordedOnceAndItsPinVerifiesOfflineLater() throws IOException {
		String vm = "vm-" + UUID.randomUUID();
		Path cache = this.directory.resolve("pins");
		StringWriter out = new StringWriter();
		StringWriter err = new StringWriter();
		int exit = Cli.run(new PrintWriter(out, true), new PrintWriter(err, true), "verify", "--server",
				this.proxy.url(), "--token", this.token, "--model", this.model, "--pin-version", "1",
				"--destination-only", "--destination", this.destination.toString(), "--vm-id", vm, "--timeout", "20",
				"--idempotency-key", "cfgspace-hook:" + vm + ":1:0000:6a:01.0", "--pin-cache", cache.toString());

		assertThat(exit).as(err.toString()).isZero();
		assertThat(this.proxy.droppedAnswers()).isEqualTo(1);
		assertThat(err.toString()).contains("retrying once with the same Idempotency-Key")
			.contains("answered with the verdict it had recorded");
		List<?> recorded = (List<?>) this.verifier.get("/api/v1/verifications?vm=" + vm).expect(200).map().get("items");
		assertThat(recorded).hasSize(1);
		Object id = ((Map<?, ?>) recorded.get(0)).get("id");
		assertThat(out.toString()).isEqualTo("CONSISTENT (verification " + id + ")\n");

		// the service is gone: the pin it served verifies here, and says it is not
		// recorded
		this.proxy.close();
		StringWriter offline = new StringWriter();
		StringWriter warning = new StringWriter();
		assertThat(Cli.run(new PrintWriter(offline, true), new PrintWriter(warning, true), "verify", "--server",
				this.proxy.url(), "--token", this.token, "--model", this.model, "--pin-version", "1",
				"--destination-only", "--destination", this.destination.toString(), "--timeout", "5", "--pin-cache",
				cache.toString()))
			.as(warning.toString())
			.isZero();
		assertThat(offline.toString()).isEqualTo("CONSISTENT (offline, not recorded)\n");
		assertThat(warning.toString()).contains("OFFLINE VERDICT CONSISTENT, NOT RECORDED");
	}

	@Test
	void theServiceReadsTheResourceFileTheCliSendsBesideTheConfigAndCannotDecideWithoutIt() throws IOException {
		// a second pin of the same bytes that records the BAR sizes
		byte[] bytes = Files.readAllBytes(this.destination);
		Api.anonymous(this.port)
			.withRole("operator")
			.post("/api/v1/device-models/" + this.model + "/pins",
					Json.canonical(Map.of("dump", HexFormat.of().formatHex(bytes), "resource", IntelDsa.resource())))
			.expect(201);
		Path host = Files.createDirectories(this.directory.resolve("host"));
		Files.writeString(host.resolve("resource"), IntelDsa.resource());
		Path config = Files.write(host.resolve("config"), bytes);

		StringWriter out = new StringWriter();
		StringWriter err = new StringWriter();
		assertThat(verifyAgainstPin2(config, out, err)).as(err.toString()).isZero();
		assertThat(out.toString()).startsWith("CONSISTENT (verification ");

		StringWriter undecided = new StringWriter();
		StringWriter why = new StringWriter();
		assertThat(verifyAgainstPin2(this.destination, undecided, why)).isEqualTo(3);
		assertThat(why.toString().lines().toList()).singleElement()
			.asString()
			.startsWith("cfgspace: cannot compare, nothing was decided: the pin records the size of bar0, bar2");
		assertThat(undecided.toString()).startsWith("INCONSISTENT (verification ")
			.contains("\nCANNOT_COMPARE destination header size: ");
	}

	private int verifyAgainstPin2(Path destination, StringWriter out, StringWriter err) {
		return Cli.run(new PrintWriter(out, true), new PrintWriter(err, true), "verify", "--server",
				"http://127.0.0.1:" + this.port, "--token", this.token, "--model", this.model, "--pin-version", "2",
				"--destination-only", "--destination", destination.toString(), "--timeout", "20");
	}

	/**
	 * Passes bytes both ways, except that the first answer to a verification is never
	 * passed on: the connection is dropped once the service starts answering it.
	 */
	static final class LosingProxy implements AutoCloseable {

		private final ServerSocket listener;

		private final int upstreamPort;

		private final ExecutorService threads = Executors.newCachedThreadPool();

		private final AtomicBoolean lostOne = new AtomicBoolean();

		private final AtomicInteger dropped = new AtomicInteger();

		LosingProxy(int upstreamPort) throws IOException {
			this.upstreamPort = upstreamPort;
			this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
			this.threads.submit(this::accept);
		}

		String url() {
			return "http://127.0.0.1:" + this.listener.getLocalPort();
		}

		int droppedAnswers() {
			return this.dropped.get();
		}

		private void accept() {
			while (!this.listener.isClosed()) {
				try {
					Socket client = this.listener.accept();
					Socket upstream = new Socket(InetAddress.getLoopbackAddress(), this.upstreamPort);
					AtomicBoolean verificationSent = new AtomicBoolean();
					this.threads.submit(() -> pipe(client, upstream, verificationSent, true));
					this.threads.submit(() -> pipe(upstream, client, verificationSent, false));
				}
				catch (IOException ex) {
					return;
				}
			}
		}

		/**
		 * HTTP/1.1 without pipelining: whatever the service sends after a verification
		 * request went up is that request's answer.
		 */
		private void pipe(Socket from, Socket to, AtomicBoolean verificationSent, boolean upwards) {
			byte[] buffer = new byte[16384];
			try (InputStream in = from.getInputStream()) {
				OutputStream out = to.getOutputStream();
				int read;
				while ((read = in.read(buffer)) > 0) {
					if (upwards && new String(buffer, 0, read, StandardCharsets.ISO_8859_1)
						.contains("POST /api/v1/verifications ")) {
						verificationSent.set(true);
					}
					if (!upwards && verificationSent.get() && this.lostOne.compareAndSet(false, true)) {
						this.dropped.incrementAndGet();
						break;
					}
					out.write(buffer, 0, read);
					out.flush();
				}
			}
			catch (IOException ex) {
				// the other direction closed the connection
			}
			closeQuietly(from);
			closeQuietly(to);
		}

		private static void closeQuietly(Socket socket) {
			try {
				socket.close();
			}
			catch (IOException ex) {
				// already closed
			}
		}

		@Override
		public void close() throws IOException {
			this.listener.close();
			this.threads.shutdownNow();
		}

	}

}
