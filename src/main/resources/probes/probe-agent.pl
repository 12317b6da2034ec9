# jkops' probe agent: runs one sender's probes at once, from inside its network namespace, as one
# process (validate used to start a shell, a subshell and a ping, socat or head per probe; on a
# small machine those processes were most of validate's time). It reads one probe per line on
# stdin, "INDEX PROTOCOL ADDRESS PORT PAYLOAD DF", sends them all, waits for their answers in one
# select loop for at most WAIT seconds after each was sent (the only argument), and prints one
# line per probe, "@INDEX KIND MILLIS TEXT", KIND being
#   replied  an ICMP echo reply came back;
#   answer   a TCP or UDP server answered; TEXT is the first line of its answer;
#   error    nothing came; TEXT says why (the kernel's error, an ICMP error from the path, or
#            "no reply within WAIT s").
# ICMP goes through raw sockets (root, which jkops' local cloud is), one echo request per probe
# with this process' id and the probe's index as its sequence, so replies and the ICMP errors that
# quote a request are told apart; an MTU probe sets don't-fragment (IP_PMTUDISC_DO, as ping -M do).
# TCP sends one empty line and closes its side, so a server that reads to end of file before it
# closes never resets the connection; UDP sends "hostName" in one datagram. An echo request or a
# datagram still unanswered after RESEND seconds is sent once more, as TCP resends its SYN by
# itself: a packet that waits for a neighbour to be resolved can be dropped when a dozen wait at
# once (all of a sender's probes leave together), and a path that works must not fail for it.
# It loads no module (Socket, Fcntl, Errno and Time::HiRes would double its start, and it starts
# once per sender): the Linux constants it needs are below, addresses are packed here, and its
# clock is the time select() spent waiting (the kernel says how much was left), which is all but
# the few microseconds of its own work. Linux only, as jkops' local cloud is; Debian's essential
# perl-base is enough.
use strict;

my $wait = shift @ARGV;
die "usage: probe-agent WAIT_SECONDS < probes\n" unless defined $wait && $wait =~ /^\d+$/;
$| = 1;

sub RESEND () { 1 } sub AF_INET () { 2 } sub AF_INET6 () { 10 } sub SOCK_STREAM () { 1 }
sub SOCK_DGRAM () { 2 } sub SOCK_RAW () { 3 } sub SOL_SOCKET () { 1 } sub SO_ERROR () { 4 }
sub F_GETFL () { 3 } sub F_SETFL () { 4 } sub O_NONBLOCK () { 2048 } sub IPPROTO_IP () { 0 }
sub IPPROTO_ICMP () { 1 } sub IPPROTO_IPV6 () { 41 } sub IPPROTO_ICMPV6 () { 58 }
sub IP_MTU_DISCOVER () { 10 } sub IPV6_MTU_DISCOVER () { 23 } sub PMTUDISC_DO () { 2 }
sub EAGAIN () { 11 } sub EMSGSIZE () { 90 } sub EINPROGRESS () { 115 }
my $id = $$ & 0xffff;
my (@probes, %probe_of_fd, %raw_sockets);
my $clock = 0;

sub finish {
  my ($i, $kind, $text) = @_;
  my $p = $probes[$i];
  return if !$p || $p->{done}++;
  $text =~ s/[\r\n\x1f]+/ /g;
  $text =~ s/\s+$//;
  printf "@%d %s %d %s\n", $i, $kind, ($clock - $p->{sent}) * 1000, $text;
  if ($p->{sock}) {
    delete $probe_of_fd{fileno $p->{sock}};
    close $p->{sock};
  }
}

# struct sockaddr_in or sockaddr_in6 for an address as jkops writes it (dotted quad, or IPv6
# hex groups with at most one "::").
sub socket_address {
  my ($address, $port) = @_;
  return (AF_INET, pack('S n C4 x8', AF_INET, $port, split /\./, $address)) if $address !~ /:/;
  my ($head, $tail) = split /::/, $address, 2;
  my @head = length $head ? split /:/, $head : ();
  my @tail = defined $tail && length $tail ? split /:/, $tail : ();
  my @groups = (@head, (0) x (8 - @head - @tail), @tail);
  return (AF_INET6, pack('S n N n8 N', AF_INET6, $port, 0, (map { hex } @groups), 0));
}

sub checksum {
  my $sum = 0;
  $sum += $_ for unpack('n*', $_[0] . (length($_[0]) % 2 ? "\0" : ''));
  $sum = ($sum >> 16) + ($sum & 0xffff) while $sum >> 16;
  return ~$sum & 0xffff;
}

# One raw socket per family and don't-fragment setting, made when first needed.
sub raw_socket {
  my ($family, $df) = @_;
  return $raw_sockets{"$family $df"} //= do {
    my $v6 = $family == AF_INET6;
    socket(my $s, $family, SOCK_RAW, $v6 ? IPPROTO_ICMPV6 : IPPROTO_ICMP)
      or die "cannot open a raw ICMP socket: $!\n";
    if ($df) {
      setsockopt($s, $v6 ? IPPROTO_IPV6 : IPPROTO_IP, $v6 ? IPV6_MTU_DISCOVER : IP_MTU_DISCOVER,
        pack('i', PMTUDISC_DO)) or die "cannot set don't-fragment: $!\n";
    }
    $s;
  };
}

sub send_echo {
  my ($i, $family, $to, $payload, $df) = @_;
  $probes[$i]{again} //= sub { send_echo($i, $family, $to, $payload, $df) };
  my $s = raw_socket($family, $df);
  my $data = 'j' x $payload;
  # the kernel fills in ICMPv6's checksum (it covers the IPv6 pseudo-header); ICMP's is ours
  my $type = $family == AF_INET6 ? 128 : 8;
  my $echo = pack('CCnnn', $type, 0, 0, $id, $i) . $data;
  $echo = pack('CCnnn', $type, 0, checksum($echo), $id, $i) . $data if $family == AF_INET;
  return if defined send($s, $echo, 0, $to);
  my $error = $!;
  # A request the path refused can be refused locally when it is sent again: the kernel learned
  # the path's MTU from the router's error, which it queued on our raw sockets before learning it.
  # Read that error first, so the report names the router's MTU, not our own refusal.
  read_queued_icmp() if $error == EMSGSIZE;
  finish($i, 'error', $error == EMSGSIZE
    ? "local error: message too long ($payload bytes of payload with don't-fragment set)"
    : "local error: $error");
}

sub open_stream {
  my ($i, $proto, $family, $to) = @_;
  my $p = $probes[$i];
  socket(my $s, $family, $proto eq 'tcp' ? SOCK_STREAM : SOCK_DGRAM, 0)
    or return finish($i, 'error', "socket: $!");
  fcntl($s, F_SETFL, fcntl($s, F_GETFL, 0) | O_NONBLOCK);
  $p->{sock} = $s;
  $probe_of_fd{fileno $s} = $i;
  if ($proto eq 'udp') {
    $p->{again} = sub { send($s, "hostName\n", 0) };
    connect($s, $to) && defined send($s, "hostName\n", 0) or finish($i, 'error', "$!");
  } elsif (connect($s, $to)) {
    request($p);
  } elsif ($! != EINPROGRESS) {
    finish($i, 'error', "$!");
  }
}

sub request {
  my ($p) = @_;
  $p->{connected} = 1;
  send($p->{sock}, "\n", 0);
  shutdown($p->{sock}, 1);
}

# An echo reply finishes its probe; an ICMP error finishes the probe whose request it quotes.
sub read_icmp {
  my ($family, $packet) = @_;
  my $v6 = $family == AF_INET6;
  $packet = substr($packet, (unpack('C', $packet) & 15) * 4) unless $v6;  # raw IPv4 has the header
  return if length($packet) < 8;
  my ($type, $code, undef, $echo_id, $seq) = unpack('CCnnn', $packet);
  if ($type == ($v6 ? 129 : 0)) {
    finish($seq, 'replied', 'replied') if $echo_id == $id;
    return;
  }
  # only errors quote a request (v4: unreachable, time exceeded, parameter problem; v6: types 1-4);
  # anything else, such as an echo request to this very namespace or neighbour discovery, is not ours
  return unless $v6 ? $type >= 1 && $type <= 4 : $type == 3 || $type == 11 || $type == 12;
  my $quoted = substr($packet, 8);
  return if length($quoted) < ($v6 ? 48 : 28);
  $quoted = substr($quoted, $v6 ? 40 : (unpack('C', $quoted) & 15) * 4);
  my (undef, undef, undef, $quoted_id, $quoted_seq) = unpack('CCnnn', $quoted);
  return unless $quoted_id == $id;
  my $why;
  if ($v6) {
    $why = $type == 2 ? 'Packet too big: mtu=' . unpack('x4N', $packet)
      : $type == 1 ? "Destination unreachable (code $code)"
      : $type == 3 ? 'Time exceeded' : "ICMPv6 type $type code $code";
  } else {
    $why = $type == 3 && $code == 4 ? 'Frag needed and DF set (mtu = ' . unpack('x6n', $packet) . ')'
      : $type == 3 ? (qw(Net Host Protocol Port))[$code] // "code $code"
      : $type == 11 ? 'Time to live exceeded' : "ICMP type $type code $code";
    $why = "Destination $why Unreachable" if $type == 3 && $code <= 3;
  }
  finish($quoted_seq, 'error', $why);
}

# Reads every ICMP packet already queued on the raw sockets, without waiting.
sub read_queued_icmp {
  for my $key (keys %raw_sockets) {
    my $s = $raw_sockets{$key};
    while (1) {
      my $ready = '';
      vec($ready, fileno $s, 1) = 1;
      last unless select($ready, undef, undef, 0) > 0;
      my $packet;
      last unless defined recv($s, $packet, 65535, 0);
      read_icmp((split ' ', $key)[0], $packet);
    }
  }
}

# A TCP or UDP socket is readable: the first line of what came back is the answer.
sub read_answer {
  my ($i) = @_;
  my $p = $probes[$i];
  my $got = sysread($p->{sock}, my $buf, 65535);
  if (!defined $got) {
    finish($i, 'error', "$!") unless $! == EAGAIN;
    return;
  }
  $p->{heard} .= $buf;
  return unless $got == 0 || $p->{proto} eq 'udp' || $p->{heard} =~ /\n/;
  my ($first) = split /\n/, $p->{heard};
  defined $first && length $first
    ? finish($i, 'answer', $first)
    : finish($i, 'error', 'the server closed the connection without an answer');
}

while (my $line = <STDIN>) {
  my ($i, $proto, $address, $port, $payload, $df) = split ' ', $line;
  die "not a probe: $line" unless defined $df && $i =~ /^\d+$/ && $proto =~ /^(icmp|tcp|udp)$/;
  $probes[$i] = { proto => $proto, sent => $clock };
  my ($family, $to) = socket_address($address, $port);
  $proto eq 'icmp' ? send_echo($i, $family, $to, $payload, $df) : open_stream($i, $proto, $family, $to);
}

while (my @open = grep { $_ && !$_->{done} } @probes) {
  my $first_sent = (sort { $a <=> $b } map { $_->{sent} } @open)[0];
  my $left = $wait - ($clock - $first_sent);
  last if $left <= 0;
  for my $p (grep { $_->{again} } @open) {
    next if $p->{done};  # a resend's read of queued errors can finish another probe
    my $due = $p->{sent} + RESEND - $clock;
    if ($due <= 0) {
      my $again = $p->{again};
      $p->{again} = 0;
      $again->();
    } elsif ($due < $left) {
      $left = $due;
    }
  }
  my ($readable, $writable) = ('', '');
  for my $fd (keys %probe_of_fd) {
    vec($readable, $fd, 1) = 1;
    my $p = $probes[$probe_of_fd{$fd}];
    vec($writable, $fd, 1) = 1 if $p->{proto} eq 'tcp' && !$p->{connected};
  }
  vec($readable, fileno $_, 1) = 1 for values %raw_sockets;
  my ($ready, $time_left) = select($readable, $writable, undef, $left);
  $clock += $left - ($time_left // 0);
  next if $ready <= 0;
  read_queued_icmp() if grep { vec($readable, fileno $_, 1) } values %raw_sockets;
  for my $fd (keys %probe_of_fd) {
    my $i = $probe_of_fd{$fd};
    my $p = $probes[$i];
    if (vec($writable, $fd, 1) && !$p->{connected}) {
      if (my $err = unpack('i', getsockopt($p->{sock}, SOL_SOCKET, SO_ERROR))) {
        $! = $err;
        finish($i, 'error', "$!");
        next;
      }
      request($p);
    }
    read_answer($i) if vec($readable, $fd, 1);
  }
}
for my $i (grep { $probes[$_] && !$probes[$_]{done} } 0 .. $#probes) {
  finish($i, 'error', 'no ' . ($probes[$i]{proto} eq 'icmp' ? 'reply' : 'answer') . " within ${wait}s");
}
