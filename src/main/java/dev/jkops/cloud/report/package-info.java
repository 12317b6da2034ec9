/**
 * What {@code validate cluster} reports, the same for every cloud: kops' instance group, node and
 * failure rows, the control plane's etcd health, the connectivity probes and their coverage, and
 * the report's text ({@link dev.jkops.cloud.report.ReportText}) and YAML/JSON ({@link
 * dev.jkops.cloud.report.ReportDocument}) forms. Each cloud's validation fills it in; this package
 * depends on no cloud.
 */
package dev.jkops.cloud.report;
