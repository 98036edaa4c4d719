// Socket-level helpers for faults httplib has no API for: finding the server-side socket of a request
// (to stall it or drop it) and aborting every open connection when the fake stops.
#pragma once

#include <atomic>

namespace adiff::test {

// The server-side socket whose local port is `local_port` and peer port `peer_port`, or -1.
int find_connection_fd(int local_port, int peer_port);

// shutdown() every connected socket whose local port is `local_port`: wakes threads blocked on them.
void abort_connections(int local_port);

// Make the next close() of `fd` send a TCP RST, and stop both directions now: the peer reads no answer.
void drop_connection(int fd);

// Blocks until the peer closes `fd` or `stop` is raised (checked every 20 ms).
void hold_until_peer_closes(int fd, const std::atomic<bool> &stop);

// Block SIGPIPE in the calling thread (threads it creates inherit the mask): a peer that went away
// must turn a write into EPIPE, not kill the test program.
void block_sigpipe_in_this_thread();

} // namespace adiff::test
