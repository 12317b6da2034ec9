# jkops' probe server: in a probe pod's namespace, answers every TCP connection and every UDP
# datagram on the probe ports with the pod's name and a newline (as the conformance tests' netexec
# answers hostName), from one process with no child per answer (socat forked one per connection and
# per datagram, which on a small machine held the probes' answers back by tens of milliseconds).
# Arguments: NAME TCP_PORT UDP_PORT FAMILY (4 or 6; an IPv6 socket also takes IPv4, as socat's
# TCP6-LISTEN did). A TCP connection is answered at once and then read to its end before it is
# closed: closing with the request unread would reset the connection and could lose the answer. A
# connection idle for IDLE seconds is closed. No module is loaded (see probe-agent.pl): Linux
# constants below, Debian's essential perl-base is enough.
use strict;

my ($name, $tcp_port, $udp_port, $family_number) = @ARGV;
die "usage: probe-server NAME TCP_PORT UDP_PORT 4|6\n"
  unless defined $family_number && $name =~ /^[a-z0-9.-]+$/ && $tcp_port =~ /^\d+$/
  && $udp_port =~ /^\d+$/ && $family_number =~ /^[46]$/;

sub IDLE () { 5 } sub AF_INET () { 2 } sub AF_INET6 () { 10 } sub SOCK_STREAM () { 1 }
sub SOCK_DGRAM () { 2 } sub SOL_SOCKET () { 1 } sub SO_REUSEADDR () { 2 } sub F_GETFL () { 3 }
sub F_SETFL () { 4 } sub O_NONBLOCK () { 2048 } sub MSG_NOSIGNAL () { 0x4000 }

$SIG{PIPE} = 'IGNORE';
my $answer = "$name\n";
my $family = $family_number == 6 ? AF_INET6 : AF_INET;

sub any_address {
  my ($port) = @_;
  return $family == AF_INET6
    ? pack('S n N x16 N', AF_INET6, $port, 0, 0)
    : pack('S n x4 x8', AF_INET, $port);
}

sub nonblocking { fcntl($_[0], F_SETFL, fcntl($_[0], F_GETFL, 0) | O_NONBLOCK) }

socket(my $tcp, $family, SOCK_STREAM, 0) or die "TCP socket: $!\n";
setsockopt($tcp, SOL_SOCKET, SO_REUSEADDR, pack('i', 1)) or die "SO_REUSEADDR: $!\n";
bind($tcp, any_address($tcp_port)) or die "cannot listen on TCP $tcp_port: $!\n";
listen($tcp, 256) or die "cannot listen on TCP $tcp_port: $!\n";
nonblocking($tcp);
# UDP is bound last, once TCP listens: jkops reads UDP's port in the namespace's socket table as
# the sign that both are served (ProbeServers.serves), since TCP's table is costly to read.
socket(my $udp, $family, SOCK_DGRAM, 0) or die "UDP socket: $!\n";
bind($udp, any_address($udp_port)) or die "cannot listen on UDP $udp_port: $!\n";
nonblocking($udp);

my %connections;  # file number => [socket, time of its last byte]
while (1) {
  my $readable = '';
  vec($readable, fileno $_, 1) = 1 for $tcp, $udp, map { $_->[0] } values %connections;
  select($readable, undef, undef, 1);
  if (vec($readable, fileno $tcp, 1)) {
    while (accept(my $c, $tcp)) {
      nonblocking($c);
      send($c, $answer, MSG_NOSIGNAL);
      $connections{fileno $c} = [$c, time];
    }
  }
  if (vec($readable, fileno $udp, 1)) {
    while (defined(my $from = recv($udp, my $datagram, 65535, 0))) {
      send($udp, $answer, 0, $from);
    }
  }
  for my $fd (keys %connections) {
    my $c = $connections{$fd};
    if (vec($readable, $fd, 1)) {
      my $got = sysread($c->[0], my $request, 65535);
      if (defined $got && $got > 0) {
        $c->[1] = time;
        next;
      }
      next if !defined $got && $! == 11;  # EAGAIN
    } elsif (time - $c->[1] < IDLE) {
      next;
    }
    close $c->[0];
    delete $connections{$fd};
  }
}
