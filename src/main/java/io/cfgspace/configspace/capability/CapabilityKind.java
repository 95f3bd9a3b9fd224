package io.cfgspace.configspace.capability;

/**
 * One capability ID: the name lspci prints for it and the rule for its length and fields.
 *
 * @param id capability ID
 * @param name lspci's wording, without decoded details
 * @param rule length and field decoding
 */
public record CapabilityKind(int id, String name, CapabilityRule rule) {

}
