package io.cfgspace.registry.web;

import io.cfgspace.registry.FourEyes;
import io.cfgspace.registry.ModelKey;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;

import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The four-eyes settings: the global default and a model's own. Changing either is for
 * admins only: an operator who could switch it off for a model could pin alone again.
 */
@RestController
class FourEyesController {

	private final FourEyes fourEyes;

	FourEyesController(FourEyes fourEyes) {
		this.fourEyes = fourEyes;
	}

	record GlobalRequest(@NotNull Boolean required) {
	}

	/** {@code required} null: the model follows the global default. */
	record ModelRequest(Boolean required) {
	}

	@GetMapping("/api/v1/settings/four-eyes")
	FourEyes.Global global() {
		return this.fourEyes.global();
	}

	@PutMapping("/api/v1/settings/four-eyes")
	FourEyes.Global changeGlobal(@Valid @RequestBody GlobalRequest request, Authentication caller) {
		return this.fourEyes.changeGlobal(request.required(), caller.getName());
	}

	@GetMapping("/api/v1/device-models/{key}/four-eyes")
	ModelView forModel(@PathVariable String key) {
		return ModelView.of(this.fourEyes.forModel(ModelKey.parse(key)));
	}

	@PutMapping("/api/v1/device-models/{key}/four-eyes")
	ModelView changeForModel(@PathVariable String key, @RequestBody ModelRequest request) {
		return ModelView.of(this.fourEyes.changeForModel(ModelKey.parse(key), request.required()));
	}

	record ModelView(String modelKey, Boolean required, boolean effective) {

		static ModelView of(FourEyes.ForModel model) {
			return new ModelView(model.model().toString(), model.required(), model.effective());
		}

	}

}
