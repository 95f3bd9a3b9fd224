package io.cfgspace;

/** Hands every test exchange to the OpenAPI contract check. */
final class Contract {

	private Contract() {
	}

	static void check(String method, String path, String requestContentType, String requestBody,
			Api.Response response) {
		String concretePath = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
		OpenApiContract.get()
			.validate(method, concretePath, requestContentType, requestBody, response.status(), response.contentType(),
					response.body());
	}

}
