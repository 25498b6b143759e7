// Ctrl-C for the query commands: a SIGINT handler that cancels the running statement (through
// QueryOptions::cancel) instead of killing the process, and wakes the line editor.
// Thread-safety: process-wide state; Install once from the main thread.
#pragma once

#include <atomic>

namespace kg::cli {

// Installs the SIGINT (and SIGWINCH) handlers; later calls do nothing. A third Ctrl-C before
// ResetInterrupts() restores the default action and ends the process, so a statement that
// does not look at its cancel flag can still be stopped.
void InstallInterruptHandler();

// Set by every Ctrl-C; pass it as QueryOptions::cancel.
const std::atomic<bool>& CancelFlag();

// Clears the cancel flag and the Ctrl-C count (before a statement, or at the prompt).
void ResetInterrupts();

// True once per Ctrl-C (or window resize for TakeResize) since the last call.
bool TakeInterrupt();
bool TakeResize();

// A file descriptor that becomes readable when a signal arrives, for poll(); drain it with
// DrainWakeups(). -1 before InstallInterruptHandler.
int WakeupFd();
void DrainWakeups();

}  // namespace kg::cli
