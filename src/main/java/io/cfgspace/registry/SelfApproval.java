package io.cfgspace.registry;

import io.cfgspace.security.Person;
import io.cfgspace.system.ApiProblem;

import org.springframework.http.HttpStatus;

/** Four-eyes means two people: the proposer of a version can't approve it. */
class SelfApproval extends ApiProblem {

	SelfApproval(ModelKey key, int version, Person person) {
		super(HttpStatus.FORBIDDEN, "self-approval", "Self-approval", "version " + version + " of " + key
				+ " was proposed by " + person.id() + "; another person with operator role or above must approve it");
	}

}
