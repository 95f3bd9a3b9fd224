package io.cfgspace.inventory.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class DeviceMatchingTest {

	@Test
	void findsTheAssignmentAGreedyChoiceMisses() {
		// VM device 0 fits host devices 0 and 1, VM device 1 only host device 0: taking
		// host device 0 for VM device 0 first would leave VM device 1 without one
		int[] match = DeviceMatching.maximum(List.of(new int[] { 0, 1 }, new int[] { 0 }), 2);
		assertThat(match).containsExactly(1, 0);
	}

	@Test
	void leavesADeviceUnmatchedWhenTheHostHasTooFew() {
		int[] match = DeviceMatching.maximum(List.of(new int[] { 0 }, new int[] { 0 }, new int[] { 1 }), 2);
		assertThat(match).containsExactly(0, -1, 1);
	}

	@Test
	void givesIdenticalDevicesDistinctHostDevices() {
		int[] match = DeviceMatching
			.maximum(List.of(new int[] { 0, 1, 2 }, new int[] { 0, 1, 2 }, new int[] { 0, 1, 2 }), 3);
		assertThat(match).containsExactlyInAnyOrder(0, 1, 2);
	}

	@Test
	void aDeviceThatFitsNothingStaysUnmatched() {
		assertThat(DeviceMatching.maximum(List.of(new int[0]), 3)).containsExactly(-1);
	}

}
