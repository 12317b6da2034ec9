package dev.jkops.cloud.terraform;

/**
 * A reference where Terraform takes only a static one, such as the {@code provider} meta-argument
 * ({@code aws.files}). HCL writes it bare, like any expression; Terraform's JSON syntax wants the
 * bare reference as a string, not a {@code "${...}"} template, which it refuses there.
 */
public record TfStaticRef(String reference) {}
