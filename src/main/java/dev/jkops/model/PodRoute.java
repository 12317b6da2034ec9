package dev.jkops.model;

import dev.jkops.api.Cidr;

/** A route in the cluster's route table: a node's pod range to that instance (kubenet, classic). */
public record PodRoute(Cidr destination, String instance, String via) {}
