package io.cfgspace.inventory;

import io.cfgspace.registry.DeviceModelCreated;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * A device model created after hosts reported its devices claims them at once: an
 * unchanged report is never read again, so nothing else would.
 */
@Component
class ModelCoverage {

	private static final Log logger = LogFactory.getLog(ModelCoverage.class);

	private final InventoryService inventory;

	ModelCoverage(InventoryService inventory) {
		this.inventory = inventory;
	}

	/**
	 * Synchronous, so in the model's transaction: a failure here rolls the model back.
	 */
	@EventListener
	void created(DeviceModelCreated created) {
		int changed = this.inventory.reclassify(created.key());
		if (changed > 0) {
			logger.info("device model " + created.key() + " re-classified " + changed + " host device(s)");
		}
	}

}
