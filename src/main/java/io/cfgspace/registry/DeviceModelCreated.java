package io.cfgspace.registry;

/**
 * A device model was created. Published inside the creating transaction, so that whoever
 * keeps devices by model (the host inventory) can claim the devices it covers in the same
 * commit; the registry knows nothing of them.
 */
public record DeviceModelCreated(ModelKey key) {

}
