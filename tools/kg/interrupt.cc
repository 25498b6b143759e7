#include "tools/kg/interrupt.h"

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

namespace kg::cli {

namespace {

std::atomic<bool> g_cancel{false};
std::atomic<int> g_interrupts{0};  // since the last ResetInterrupts
std::atomic<bool> g_interrupt_pending{false};
std::atomic<bool> g_resize_pending{false};
int g_wake[2] = {-1, -1};  // the self-pipe: handlers write, the line editor polls
bool g_installed = false;

static_assert(std::atomic<bool>::is_always_lock_free && std::atomic<int>::is_always_lock_free,
              "signal handlers may only touch lock-free atomics");

void Wake() {
  if (g_wake[1] >= 0) {
    const char byte = 1;
    // A full pipe already holds a wake-up; nothing to do when the write fails.
    [[maybe_unused]] ssize_t n = ::write(g_wake[1], &byte, 1);
  }
}

void OnInterrupt(int) {
  g_cancel.store(true);
  g_interrupt_pending.store(true);
  if (g_interrupts.fetch_add(1) + 1 >= 3) {
    ::signal(SIGINT, SIG_DFL);
    ::raise(SIGINT);
  }
  Wake();
}

void OnResize(int) {
  g_resize_pending.store(true);
  Wake();
}

}  // namespace

void InstallInterruptHandler() {
  if (g_installed) return;
  g_installed = true;
  if (::pipe(g_wake) == 0) {
    for (int fd : g_wake) {
      ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);
      ::fcntl(fd, F_SETFD, FD_CLOEXEC);
    }
  } else {
    g_wake[0] = g_wake[1] = -1;
  }
  struct sigaction sa = {};
  sa.sa_handler = OnInterrupt;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = 0;  // no SA_RESTART: a blocking read returns so the editor sees the Ctrl-C
  ::sigaction(SIGINT, &sa, nullptr);
  sa.sa_handler = OnResize;
  sa.sa_flags = SA_RESTART;
  ::sigaction(SIGWINCH, &sa, nullptr);
}

const std::atomic<bool>& CancelFlag() { return g_cancel; }

void ResetInterrupts() {
  g_cancel.store(false);
  g_interrupts.store(0);
  g_interrupt_pending.store(false);
}

bool TakeInterrupt() { return g_interrupt_pending.exchange(false); }
bool TakeResize() { return g_resize_pending.exchange(false); }

int WakeupFd() { return g_wake[0]; }

void DrainWakeups() {
  if (g_wake[0] < 0) return;
  char buf[64];
  while (::read(g_wake[0], buf, sizeof buf) > 0) {
  }
}

}  // namespace kg::cli
