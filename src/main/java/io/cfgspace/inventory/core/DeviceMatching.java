package io.cfgspace.inventory.core;

import java.util.Arrays;
import java.util.List;

/**
 * A maximum matching of VM devices to host devices (Kuhn's augmenting paths). A greedy
 * choice is not enough: with two VM devices of which only one fits a certain host device,
 * giving that device to the other VM device first would leave a host that has room
 * looking full. A VM has a handful of devices, so the simple algorithm is fast enough.
 */
final class DeviceMatching {

	private DeviceMatching() {
	}

	/**
	 * For each VM device the host device it gets, or -1.
	 * @param fitting for each VM device, the indexes of the host devices it fits, in
	 * order of preference
	 * @param hostDevices how many devices the host has
	 */
	static int[] maximum(List<int[]> fitting, int hostDevices) {
		int[] owner = new int[hostDevices];
		Arrays.fill(owner, -1);
		int[] match = new int[fitting.size()];
		Arrays.fill(match, -1);
		for (int device = 0; device < fitting.size(); device++) {
			augment(device, fitting, owner, match, new boolean[hostDevices]);
		}
		return match;
	}

	private static boolean augment(int device, List<int[]> fitting, int[] owner, int[] match, boolean[] visited) {
		// a free device first, so that an assignment moves only when it must
		for (int hostDevice : fitting.get(device)) {
			if (!visited[hostDevice] && owner[hostDevice] < 0) {
				visited[hostDevice] = true;
				owner[hostDevice] = device;
				match[device] = hostDevice;
				return true;
			}
		}
		for (int hostDevice : fitting.get(device)) {
			if (visited[hostDevice]) {
				continue;
			}
			visited[hostDevice] = true;
			if (owner[hostDevice] < 0 || augment(owner[hostDevice], fitting, owner, match, visited)) {
				owner[hostDevice] = device;
				match[device] = hostDevice;
				return true;
			}
		}
		return false;
	}

}
