// Running a program on a pseudo-terminal from a test, to drive an interactive program (the kg
// shell) the way a person at a terminal does: keystrokes in, screen output back.
#pragma once

#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <string>
#include <utility>
#include <vector>

namespace kg::testing {

class PtySession {
 public:
  // Starts `program` with `args` on a new 80x24 terminal, in the folder `cwd`, with `env`
  // ("NAME=value") added to the environment (and KG_DB removed).
  PtySession(const std::string& program, const std::vector<std::string>& args,
             const std::string& cwd, const std::vector<std::string>& env) {
    std::vector<std::string> argv_storage{program};
    argv_storage.insert(argv_storage.end(), args.begin(), args.end());
    winsize ws{};
    ws.ws_row = 24;
    ws.ws_col = 80;
    pid_ = ::forkpty(&master_, nullptr, nullptr, &ws);
    if (pid_ == 0) {
      ::unsetenv("KG_DB");
      for (const std::string& e : env) ::putenv(const_cast<char*>(e.c_str()));
      if (::chdir(cwd.c_str()) != 0) ::_exit(126);
      std::vector<char*> argv;
      for (std::string& a : argv_storage) argv.push_back(a.data());
      argv.push_back(nullptr);
      ::execv(program.c_str(), argv.data());
      ::_exit(127);
    }
  }

  ~PtySession() {
    if (pid_ > 0 && exit_code_ == kRunning) {
      ::kill(pid_, SIGKILL);
      int status;
      ::waitpid(pid_, &status, 0);
    }
    if (master_ >= 0) ::close(master_);
  }

  bool started() const { return pid_ > 0 && master_ >= 0; }

  void Send(const std::string& keys) {
    size_t done = 0;
    while (done < keys.size()) {
      const ssize_t n = ::write(master_, keys.data() + done, keys.size() - done);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) return;
      done += static_cast<size_t>(n);
    }
  }

  // Reads the terminal until the output since the last call holds `text`, and returns true;
  // false when the program ends or `limit` passes first (a safety net against a hang, not a
  // measurement). Output after `text` stays for the next call.
  bool WaitFor(const std::string& text,
               std::chrono::milliseconds limit = std::chrono::milliseconds(20000)) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    for (;;) {
      const size_t at = pending_.find(text);
      if (at != std::string::npos) {
        seen_ += pending_.substr(0, at + text.size());
        pending_.erase(0, at + text.size());
        return true;
      }
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
          deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0 || !ReadSome(static_cast<int>(left.count()))) return false;
    }
  }

  // Everything read so far (for failure messages).
  std::string transcript() const { return seen_ + pending_; }

  // Waits for the program to end (reading its output meanwhile) and returns its exit code,
  // or -1 when it did not exit normally within `limit`.
  int Wait(std::chrono::milliseconds limit = std::chrono::milliseconds(20000)) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (exit_code_ == kRunning) {
      int status = 0;
      const pid_t r = ::waitpid(pid_, &status, WNOHANG);
      if (r == pid_) {
        exit_code_ = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
        break;
      }
      if (std::chrono::steady_clock::now() > deadline) return -1;
      ReadSome(50);
    }
    while (ReadSome(0)) {
    }
    return exit_code_;
  }

 private:
  static constexpr int kRunning = -2;

  // Reads what is available within `timeout_ms`; false when nothing came (or the end).
  bool ReadSome(int timeout_ms) {
    pollfd fd{master_, POLLIN, 0};
    const int ready = ::poll(&fd, 1, timeout_ms);
    if (ready <= 0) return false;
    char buf[4096];
    const ssize_t n = ::read(master_, buf, sizeof buf);
    if (n <= 0) return false;  // EIO once the program has gone
    pending_.append(buf, static_cast<size_t>(n));
    return true;
  }

  pid_t pid_ = -1;
  int master_ = -1;
  int exit_code_ = kRunning;
  std::string seen_;
  std::string pending_;
};

}  // namespace kg::testing
