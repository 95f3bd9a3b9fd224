package io.cfgspace.verification.core;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/** Config-space bytes read eight at a time, little-endian as PCI registers are. */
final class Words {

	private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

	private Words() {
	}

	/**
	 * The bytes as words; a length that is not a multiple of 8 ends in a partial word.
	 */
	static long[] of(byte[] bytes) {
		long[] words = new long[(bytes.length + 7) / 8];
		for (int w = 0; w < words.length; w++) {
			words[w] = word(bytes, w);
		}
		return words;
	}

	/** Word {@code w} of the bytes; bytes past the end read as 0. */
	static long word(byte[] bytes, int w) {
		int at = 8 * w;
		if (at + 8 <= bytes.length) {
			return (long) LONGS.get(bytes, at);
		}
		long word = 0;
		for (int i = bytes.length - 1; i >= at; i--) {
			word = (word << 8) | (bytes[i] & 0xFF);
		}
		return word;
	}

	static int byteOf(long word, int index) {
		return (int) (word >>> (8 * index)) & 0xFF;
	}

}
