package io.cfgspace.planning.core;

import io.cfgspace.layout.Space;

/** A capability by kind, wherever each variant has it: "hide the PASID capability". */
public record CapabilityRef(Space space, int id) {

}
