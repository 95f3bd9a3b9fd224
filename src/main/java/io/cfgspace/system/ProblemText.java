package io.cfgspace.system;

/**
 * A problem document written without the application's JSON mapper, for the places that
 * run outside it: Tomcat's error report, which answers requests no servlet ever saw.
 */
final class ProblemText {

	private ProblemText() {
	}

	static String of(int status, String code, String title, String detail) {
		return "{\"type\":\"" + ProblemDetailsAdvice.TYPE_BASE + code + "\",\"title\":" + quoted(title) + ",\"status\":"
				+ status + ",\"detail\":" + quoted(detail) + ",\"code\":\"" + code + "\"}";
	}

	private static String quoted(String text) {
		StringBuilder out = new StringBuilder(text.length() + 2).append('"');
		for (char c : text.toCharArray()) {
			switch (c) {
				case '"' -> out.append("\\\"");
				case '\\' -> out.append("\\\\");
				default -> {
					if (c < 0x20) {
						out.append(String.format("\\u%04x", (int) c));
					}
					else {
						out.append(c);
					}
				}
			}
		}
		return out.append('"').toString();
	}

}
