package io.cfgspace.inventory.core;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;

import io.cfgspace.inventory.core.DrainSearch.Option;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

class DrainSearchTest {

	private static Option option(int host, int[]... fitting) {
		return new Option(host, fitting);
	}

	@Test
	void movesAVmToAnotherHostWhenGreedyWouldBlockAnother() {
		// VM 0 (one device) fits host 0 or 1; VM 1 (two devices) fits host 0 only.
		// Greedy in request order puts VM 0 on host 0 and leaves VM 1 out.
		List<List<Option>> options = List.of(List.of(option(0, new int[] { 0, 1 }), option(1, new int[] { 0 })),
				List.of(option(0, new int[] { 0, 1 }, new int[] { 0, 1 })));
		DrainSearch.Result result = DrainSearch.solve(new int[] { 2, 1 }, options, new int[] { 1, 2 });
		assertThat(result.placed()).isEqualTo(2);
		assertThat(result.proven()).isTrue();
		assertThat(result.hostOf()).containsExactly(1, 0);
		assertThat(result.deviceOf()[1]).containsExactlyInAnyOrder(0, 1);
	}

	@Test
	void reassignsDevicesOnAHostSoTwoVmsShareIt() {
		// host 0 has devices 0 and 1; VM 0 prefers device 0 but can use 1; VM 1 needs
		// device 0: an augmenting path moves VM 0 to device 1
		List<List<Option>> options = List.of(List.of(option(0, new int[] { 0, 1 })),
				List.of(option(0, new int[] { 0 })));
		DrainSearch.Result result = DrainSearch.solve(new int[] { 2 }, options, new int[] { 1, 1 });
		assertThat(result.placed()).isEqualTo(2);
		assertThat(result.deviceOf()[0]).containsExactly(1);
		assertThat(result.deviceOf()[1]).containsExactly(0);
	}

	@Test
	void leavesOutAVmThatCannotGoAnywhereAndProvesIt() {
		List<List<Option>> options = List.of(List.of(option(0, new int[] { 0 })), List.of(option(0, new int[] { 0 })),
				List.of());
		DrainSearch.Result result = DrainSearch.solve(new int[] { 1 }, options, new int[] { 1, 1, 1 });
		assertThat(result.placed()).isEqualTo(1);
		assertThat(result.proven()).isTrue();
		assertThat(result.hostOf()).containsExactly(0, -1, -1);
	}

	@Test
	void saysWhenTheBudgetStoppedTheSearchShortOfAProof() {
		// 12 VMs of one device each on 11 single-device hosts, every VM fitting every
		// host:
		// 11 is the most, but proving that takes more than a handful of steps
		List<List<Option>> options = new ArrayList<>();
		for (int v = 0; v < 12; v++) {
			List<Option> list = new ArrayList<>();
			for (int h = 0; h < 11; h++) {
				list.add(option(h, new int[] { 0 }));
			}
			options.add(list);
		}
		int[] hosts = new int[11];
		Arrays.fill(hosts, 1);
		int[] need = new int[12];
		Arrays.fill(need, 1);
		DrainSearch.Result cut = new DrainSearch(hosts, options, need, 200).solve();
		assertThat(cut.proven()).isFalse();
		assertThat(cut.placed()).isEqualTo(11);
		DrainSearch.Result full = new DrainSearch(hosts, options, need, 10_000_000).solve();
		assertThat(full.placed()).isEqualTo(11);
		assertThat(full.proven()).isTrue();
	}

	@Test
	void answersTheSameForTheSameInput() {
		Instance instance = Instance.random(42);
		DrainSearch.Result first = instance.solve();
		for (int i = 0; i < 5; i++) {
			DrainSearch.Result again = instance.solve();
			assertThat(again.hostOf()).containsExactly(first.hostOf());
			assertThat(again.deviceOf()).isDeepEqualTo(first.deviceOf());
			assertThat(again.steps()).isEqualTo(first.steps());
		}
	}

	static LongStream seeds() {
		long base = Long.getLong("drain.seed", 20261207L);
		return LongStream.range(base, base + 400);
	}

	/** Against every assignment tried one by one, on instances small enough for that. */
	@ParameterizedTest(name = "seed {0}")
	@MethodSource("seeds")
	void placesAsManyVmsAsBruteForce(long seed) {
		Instance instance = Instance.random(seed);
		DrainSearch.Result result = instance.solve();
		assertThat(result.proven()).as("seed %d", seed).isTrue();
		assertThat(result.placed()).as("seed %d: %s", seed, instance).isEqualTo(instance.bruteForce());
		instance.check(result, seed);
	}

	/** A random drain: up to 5 VMs of 1 to 3 devices over up to 3 hosts of 1 to 4. */
	record Instance(int[] hostDevices, List<List<Option>> options, int[] need) {

		static Instance random(long seed) {
			Random random = new Random(seed);
			int hostCount = 1 + random.nextInt(3);
			int[] hostDevices = new int[hostCount];
			for (int h = 0; h < hostCount; h++) {
				hostDevices[h] = 1 + random.nextInt(4);
			}
			int vmCount = 1 + random.nextInt(5);
			int[] need = new int[vmCount];
			List<List<Option>> options = new ArrayList<>();
			for (int v = 0; v < vmCount; v++) {
				need[v] = 1 + random.nextInt(3);
				List<Option> list = new ArrayList<>();
				for (int h = 0; h < hostCount; h++) {
					if (hostDevices[h] < need[v] || random.nextInt(4) == 0) {
						continue;
					}
					int[][] fitting = new int[need[v]][];
					for (int slot = 0; slot < need[v]; slot++) {
						List<Integer> devices = new ArrayList<>();
						for (int d = 0; d < hostDevices[h]; d++) {
							if (random.nextInt(3) != 0) {
								devices.add(d);
							}
						}
						fitting[slot] = devices.stream().mapToInt(Integer::intValue).toArray();
					}
					// as the placer offers only hosts where the VM fits alone
					if (matches(hostDevices[h], List.of(fitting))) {
						list.add(new Option(h, fitting));
					}
				}
				options.add(list);
			}
			return new Instance(hostDevices, options, need);
		}

		DrainSearch.Result solve() {
			return DrainSearch.solve(this.hostDevices, this.options, this.need);
		}

		/** The most VMs any assignment of VMs to hosts (or nowhere) places. */
		int bruteForce() {
			return bruteForce(0, new int[this.need.length]);
		}

		private int bruteForce(int vm, int[] choice) {
			if (vm == this.need.length) {
				for (int h = 0; h < this.hostDevices.length; h++) {
					List<int[]> slots = new ArrayList<>();
					for (int v = 0; v < choice.length; v++) {
						if (choice[v] >= 0 && this.options.get(v).get(choice[v]).host() == h) {
							slots.addAll(List.of(this.options.get(v).get(choice[v]).fitting()));
						}
					}
					if (!matches(this.hostDevices[h], slots)) {
						return -1;
					}
				}
				return (int) Arrays.stream(choice).filter((c) -> c >= 0).count();
			}
			int best = -1;
			for (int c = -1; c < this.options.get(vm).size(); c++) {
				choice[vm] = c;
				best = Math.max(best, bruteForce(vm + 1, choice));
			}
			return best;
		}

		/** Whether every slot gets its own device, by trying every injective choice. */
		static boolean matches(int devices, List<int[]> slots) {
			return matches(0, slots, new boolean[devices]);
		}

		private static boolean matches(int slot, List<int[]> slots, boolean[] used) {
			if (slot == slots.size()) {
				return true;
			}
			for (int d : slots.get(slot)) {
				if (!used[d]) {
					used[d] = true;
					boolean ok = matches(slot + 1, slots, used);
					used[d] = false;
					if (ok) {
						return true;
					}
				}
			}
			return false;
		}

		/** The answer is an assignment: fitting devices, none used twice. */
		void check(DrainSearch.Result result, long seed) {
			boolean[][] used = new boolean[this.hostDevices.length][];
			for (int h = 0; h < used.length; h++) {
				used[h] = new boolean[this.hostDevices[h]];
			}
			for (int v = 0; v < this.need.length; v++) {
				int h = result.hostOf()[v];
				if (h < 0) {
					assertThat(result.deviceOf()[v]).isEmpty();
					continue;
				}
				Option option = this.options.get(v).stream().filter((o) -> o.host() == h).findFirst().orElseThrow();
				for (int slot = 0; slot < this.need[v]; slot++) {
					int d = result.deviceOf()[v][slot];
					assertThat(option.fitting()[slot]).as("seed %d vm %d", seed, v).contains(d);
					assertThat(used[h][d]).as("seed %d: device %d of host %d given twice", seed, d, h).isFalse();
					used[h][d] = true;
				}
			}
		}

		@Override
		public String toString() {
			StringBuilder text = new StringBuilder("hosts " + Arrays.toString(this.hostDevices));
			for (int v = 0; v < this.need.length; v++) {
				text.append("; vm ").append(v).append(':');
				for (Option o : this.options.get(v)) {
					text.append(" h").append(o.host()).append(Arrays.deepToString(o.fitting()));
				}
			}
			return text.toString();
		}

	}

}
