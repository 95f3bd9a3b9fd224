package io.cfgspace.inventory.core;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Places the VMs of a drained host together: each VM on one destination with all of its
 * devices, no destination device given twice, as many VMs placed as possible.
 *
 * <p>
 * A VM needs several devices on one host, so this is not a bipartite matching but a
 * multiple-knapsack-like assignment: an exact depth-first branch and bound with hosts as
 * bins. The most constrained VM (fewest hosts that could take it alone) is decided first,
 * so the first descent is usually already maximal; a host takes a VM when an augmenting
 * path matching gives every VM device its own fitting device next to the VMs already
 * there. The bound is the VMs placed plus the undecided VMs that still fit somewhere, and
 * no more of those than the free devices can hold. Steps are counted against a budget:
 * when it runs out the best assignment found is answered, not proven maximal.
 *
 * <p>
 * Everything iterates arrays in input order, so an input has one answer.
 */
public final class DrainSearch {

	/** Enough for any real drain, small enough to answer within a request. */
	public static final long DEFAULT_BUDGET = 2_000_000;

	/**
	 * Where one VM could go alone.
	 *
	 * @param host the host's index
	 * @param fitting for each VM device, the indexes of the host devices that present its
	 * pin, in order of preference
	 */
	public record Option(int host, int[][] fitting) {

	}

	/**
	 * The answer.
	 *
	 * @param hostOf for each VM, the host's index, or -1 when it is not placed
	 * @param deviceOf for each VM, the host device index of each VM device (empty when
	 * not placed)
	 * @param placed how many VMs are placed
	 * @param proven whether no assignment places more (false when the budget ran out)
	 * @param steps the steps the search took
	 */
	public record Result(int[] hostOf, int[][] deviceOf, int placed, boolean proven, long steps) {

	}

	private final int[] hostDevices;

	private final List<List<Option>> options;

	private final long budget;

	private final int vmCount;

	/** VMs in the order they are decided. */
	private final int[] order;

	/** owner[h][d]: the VM holding host device d, or -1. */
	private final int[][] owner;

	/** For each host device, which of its VM's devices holds it. */
	private final int[][] ownerSlot;

	private final int[] free;

	/** The option a placed VM uses, or null. */
	private final Option[] chosen;

	private final int[] need;

	private int placed;

	private long steps;

	private boolean exhausted;

	private int best = -1;

	private int[] bestHostOf;

	private int[][] bestDeviceOf;

	private final int ceiling;

	/**
	 * @param hostDevices how many devices each host has
	 * @param options per VM, the hosts that could take it alone, in order of preference
	 * @param need per VM, how many devices it has
	 * @param budget the steps allowed
	 */
	public DrainSearch(int[] hostDevices, List<List<Option>> options, int[] need, long budget) {
		this.hostDevices = hostDevices.clone();
		this.options = options;
		this.budget = budget;
		this.vmCount = options.size();
		this.need = need.clone();
		this.owner = new int[hostDevices.length][];
		this.ownerSlot = new int[hostDevices.length][];
		for (int h = 0; h < hostDevices.length; h++) {
			this.owner[h] = new int[hostDevices[h]];
			this.ownerSlot[h] = new int[hostDevices[h]];
			Arrays.fill(this.owner[h], -1);
		}
		this.free = hostDevices.clone();
		this.chosen = new Option[this.vmCount];
		// the most constrained first, then the largest, then request order
		this.order = java.util.stream.IntStream.range(0, this.vmCount)
			.boxed()
			.sorted(java.util.Comparator.<Integer>comparingInt((v) -> options.get(v).size())
				.thenComparing((v) -> -need[v])
				.thenComparingInt((v) -> v))
			.mapToInt(Integer::intValue)
			.toArray();
		int possible = 0;
		for (List<Option> list : options) {
			possible += list.isEmpty() ? 0 : 1;
		}
		this.ceiling = possible;
	}

	/** Searches with the default budget. */
	public static Result solve(int[] hostDevices, List<List<Option>> options, int[] need) {
		return new DrainSearch(hostDevices, options, need, DEFAULT_BUDGET).solve();
	}

	public Result solve() {
		search(0);
		if (this.bestHostOf == null) {
			// the budget ran out before the first complete descent: nothing placed
			record();
		}
		boolean proven = !this.exhausted || this.best == this.ceiling;
		return new Result(this.bestHostOf, this.bestDeviceOf, this.best, proven, this.steps);
	}

	/** Returns true when the search must stop: maximal found or budget spent. */
	private boolean search(int depth) {
		if (this.best == this.ceiling) {
			return true;
		}
		if (++this.steps > this.budget) {
			this.exhausted = true;
			return true;
		}
		int undecided = this.vmCount - depth;
		if (depth == this.vmCount) {
			if (this.placed > this.best) {
				record();
			}
			return this.best == this.ceiling;
		}
		if (this.placed + undecided <= this.best) {
			return false;
		}
		if (this.best >= 0 && this.placed + bound(depth) <= this.best) {
			return false;
		}
		int vm = this.order[depth];
		for (Option option : this.options.get(vm)) {
			if (tryPlace(vm, option)) {
				boolean stop = search(depth + 1);
				remove(vm, option);
				if (stop) {
					return true;
				}
			}
			if (this.steps > this.budget) {
				this.exhausted = true;
				return true;
			}
		}
		return search(depth + 1);
	}

	/** How many undecided VMs could still be placed, at most. */
	private int bound(int depth) {
		List<Integer> sizes = new ArrayList<>();
		for (int i = depth; i < this.vmCount; i++) {
			int vm = this.order[i];
			for (Option option : this.options.get(vm)) {
				if (fits(vm, option)) {
					sizes.add(this.need[vm]);
					break;
				}
			}
		}
		long freeDevices = 0;
		for (int h = 0; h < this.free.length; h++) {
			freeDevices += this.free[h];
		}
		sizes.sort(null);
		int count = 0;
		for (int size : sizes) {
			if (freeDevices < size) {
				break;
			}
			freeDevices -= size;
			count++;
		}
		return count;
	}

	/** Whether the VM could join its option's host now; leaves the host as it was. */
	private boolean fits(int vm, Option option) {
		if (this.free[option.host()] < this.need[vm]) {
			return false;
		}
		if (tryPlace(vm, option)) {
			remove(vm, option);
			return true;
		}
		return false;
	}

	private boolean tryPlace(int vm, Option option) {
		int h = option.host();
		if (this.free[h] < this.need[vm]) {
			return false;
		}
		int[] ownerBefore = this.owner[h].clone();
		int[] slotBefore = this.ownerSlot[h].clone();
		this.chosen[vm] = option;
		for (int slot = 0; slot < option.fitting().length; slot++) {
			this.steps++;
			if (!augment(h, vm, slot, new boolean[this.hostDevices[h]])) {
				this.owner[h] = ownerBefore;
				this.ownerSlot[h] = slotBefore;
				this.chosen[vm] = null;
				return false;
			}
		}
		this.free[h] -= this.need[vm];
		this.placed++;
		return true;
	}

	private void remove(int vm, Option option) {
		int h = option.host();
		for (int d = 0; d < this.owner[h].length; d++) {
			if (this.owner[h][d] == vm) {
				this.owner[h][d] = -1;
			}
		}
		this.chosen[vm] = null;
		this.free[h] += this.need[vm];
		this.placed--;
	}

	/** Kuhn's augmenting path for one VM device, free devices first. */
	private boolean augment(int h, int vm, int slot, boolean[] visited) {
		int[] fitting = this.chosen[vm].fitting()[slot];
		for (int d : fitting) {
			if (!visited[d] && this.owner[h][d] < 0) {
				visited[d] = true;
				this.owner[h][d] = vm;
				this.ownerSlot[h][d] = slot;
				return true;
			}
		}
		for (int d : fitting) {
			if (visited[d]) {
				continue;
			}
			visited[d] = true;
			int holder = this.owner[h][d];
			int holderSlot = this.ownerSlot[h][d];
			if (augment(h, holder, holderSlot, visited)) {
				this.owner[h][d] = vm;
				this.ownerSlot[h][d] = slot;
				return true;
			}
		}
		return false;
	}

	private void record() {
		this.best = this.placed;
		this.bestHostOf = new int[this.vmCount];
		this.bestDeviceOf = new int[this.vmCount][];
		for (int vm = 0; vm < this.vmCount; vm++) {
			Option option = this.chosen[vm];
			this.bestHostOf[vm] = (option != null) ? option.host() : -1;
			this.bestDeviceOf[vm] = new int[(option != null) ? option.fitting().length : 0];
		}
		for (int h = 0; h < this.owner.length; h++) {
			for (int d = 0; d < this.owner[h].length; d++) {
				int vm = this.owner[h][d];
				if (vm >= 0) {
					this.bestDeviceOf[vm][this.ownerSlot[h][d]] = d;
				}
			}
		}
	}

}
