package dev.jkops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Everything is checked at the command that writes the spec (issue 21, item 5): the edit that adds
 * an unused field hears about it, a provider switch made with sed that leaves flannel's backend
 * under calico is named, create refuses what the local cloud cannot build and zones of two clouds,
 * and a suggested range is one that passes when the user takes it.
 */
class SpecWriteChecksTest {
  @TempDir Path dir;
  Cli cli;
  Path state;

  @BeforeEach
  void setUp() {
    state = dir.resolve("state");
    cli = new Cli(dir, "file://" + state);
  }

  private Path editor(String name, String sed) throws Exception {
    Path p = dir.resolve(name);
    Files.writeString(p, "#!/bin/sh\nset -e\nsed -i '" + sed + "' \"$1\"\n");
    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwx------"));
    return p;
  }

  private static Cli.Result ok(Cli.Result r) {
    assertThat(r.code()).as(r.toString()).isZero();
    return r;
  }

  @Test
  void theEditThatAddsAnUnusedFieldIsTheOneThatWarns() throws Exception {
    ok(
        cli.run(
            "create", "cluster", "w.example.com", "--zones", "zone-a", "--networking", "flannel"));
    cli.env(
        "EDITOR", editor("foo.sh", "s/backend: vxlan/backend: vxlan\\n      foo: bar/").toString());
    Cli.Result edit = ok(cli.run("edit", "cluster", "w.example.com"));
    assertThat(edit.err())
        .as("at the edit itself")
        .contains("W: jkops keeps but does not use: spec.networking.flannel.foo");
  }

  @Test
  void aSwitchBySedThatLeavesFlannelsBackendUnderCalicoIsReported() throws Exception {
    ok(
        cli.run(
            "create", "cluster", "s.example.com", "--zones", "zone-a", "--networking", "flannel"));
    cli.env("EDITOR", editor("switch.sh", "s/flannel:/calico:/").toString());
    Cli.Result edit = ok(cli.run("edit", "cluster", "s.example.com"));
    assertThat(Files.readString(state.resolve("s.example.com/config")))
        .contains("calico:")
        .contains("backend: vxlan");
    assertThat(edit.err())
        .contains(
            "spec.networking.calico.backend looks left over from flannel",
            "spec.networking.calico.encapsulationMode: vxlan");
  }

  @Test
  void createRefusesWhatTheLocalCloudCannotBuildAndZonesOfTwoClouds() {
    Cli.Result udp =
        cli.run(
            "create",
            "cluster",
            "u.example.com",
            "--zones",
            "zone-a",
            "--networking",
            "flannel-udp");
    assertThat(udp.code()).isEqualTo(1);
    assertThat(udp.err())
        .contains(
            "spec.networking.flannel.backend",
            "not available on the local cloud",
            "--networking flannel");
    assertThat(state.resolve("u.example.com")).doesNotExist();
    // on AWS zones flannel-udp is what kops renders
    ok(
        cli.run(
            "create",
            "cluster",
            "a.example.com",
            "--zones",
            "us-east-1a",
            "--networking",
            "flannel-udp"));

    Cli.Result mixed =
        cli.run("create", "cluster", "m.example.com", "--zones", "local-a,us-east-1a");
    assertThat(mixed.code()).isEqualTo(1);
    assertThat(mixed.err())
        .contains("--zones mixes AWS zones (us-east-1a) and local-cloud zones (local-a)");
    assertThat(state.resolve("m.example.com")).doesNotExist();
  }

  @Test
  void theSuggestedRangeForAnOverlappingNetworkCidrPasses() throws Exception {
    ok(cli.run("create", "cluster", "n.example.com", "--zones", "zone-a"));
    cli.env(
        "EDITOR",
        editor("net.sh", "s#networkCIDR: 172.20.0.0/16#networkCIDR: 100.64.0.0/16#").toString());
    Cli.Result refused = cli.run("edit", "cluster", "n.example.com");
    assertThat(refused.code()).as(refused.toString()).isEqualTo(1);
    Matcher suggestion =
        Pattern.compile(
                "spec\\.nonMasqueradeCIDR: .*\\(spec\\.networkCIDR\\).*move the VPC to a range outside \\S+ such as (\\S+) ")
            .matcher(refused.err());
    assertThat(suggestion.find()).as(refused.err()).isTrue();
    assertThat(suggestion.group(1)).isNotEqualTo("100.64.0.0/10");

    Cli.Result created =
        cli.run(
            "create",
            "cluster",
            "n2.example.com",
            "--zones",
            "zone-a",
            "--network-cidr",
            "100.64.0.0/16");
    assertThat(created.code()).isEqualTo(1);
    Matcher again = suggestion.pattern().matcher(created.err());
    assertThat(again.find()).as(created.err()).isTrue();
    ok(
        cli.run(
            "create",
            "cluster",
            "n2.example.com",
            "--zones",
            "zone-a",
            "--network-cidr",
            again.group(1)));
  }
}
