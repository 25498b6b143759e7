#include "tools/kg/line_editor.h"

#include <histedit.h>
#include <poll.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <string>
#include <utility>

#include "tools/kg/interrupt.h"

namespace kg::cli {

namespace {

// Code points in a UTF-8 string: libedit counts characters, not bytes, when deleting.
int CountChars(std::string_view s) {
  int n = 0;
  for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

LineEditor* Self(EditLine* el) {
  void* data = nullptr;
  el_get(el, EL_CLIENTDATA, &data);
  return static_cast<LineEditor*>(data);
}

// Candidates in columns below the line, as shells list them.
void ListCandidates(const std::vector<std::string>& candidates) {
  size_t width = 0;
  for (const std::string& c : candidates) width = std::max<size_t>(width, CountChars(c));
  const size_t columns = std::max<size_t>(1, 80 / (width + 2));
  std::string out = "\n";
  for (size_t i = 0; i < candidates.size(); ++i) {
    out += candidates[i];
    if ((i + 1) % columns == 0 || i + 1 == candidates.size()) {
      out += "\n";
    } else {
      out += std::string(width + 2 - CountChars(candidates[i]), ' ');
    }
  }
  std::fputs(out.c_str(), stdout);
  std::fflush(stdout);
}

}  // namespace

LineEditor::LineEditor(const std::string& program, std::string history_path, Completer completer)
    : history_path_(std::move(history_path)), completer_(std::move(completer)) {
  InstallInterruptHandler();
  el_ = el_init(program.c_str(), stdin, stdout, stderr);
  hist_ = history_init();
  HistEvent ev;
  history(hist_, &ev, H_SETSIZE, 1000);
  history(hist_, &ev, H_SETUNIQUE, 1);
  if (!history_path_.empty()) history(hist_, &ev, H_LOAD, history_path_.c_str());  // may be new
  el_set(el_, EL_CLIENTDATA, this);
  el_set(el_, EL_EDITOR, "emacs");
  el_set(el_, EL_SIGNAL, 0);  // our own handlers (interrupt.h) deal with Ctrl-C and resizes
  el_set(el_, EL_HIST, history, hist_);
  el_set(el_, EL_PROMPT, &LineEditor::PromptFn);
  el_set(el_, EL_GETCFN, &LineEditor::ReadCharFn);
  el_set(el_, EL_ADDFN, "kg-complete", "complete keywords, relations and names",
         &LineEditor::CompleteFn);
  el_set(el_, EL_ADDFN, "kg-interrupt", "abandon the line", &LineEditor::InterruptFn);
  el_set(el_, EL_BIND, "^I", "kg-complete", nullptr);
  el_set(el_, EL_BIND, "^C", "kg-interrupt", nullptr);
  el_source(el_, nullptr);  // the user's ~/.editrc, if any
}

LineEditor::~LineEditor() {
  el_end(el_);
  history_end(hist_);
}

std::optional<std::string> LineEditor::ReadLine(const std::string& prompt, bool* interrupted) {
  prompt_ = prompt;
  interrupted_ = false;
  ResetInterrupts();
  DrainWakeups();
  int count = 0;
  const char* line = el_gets(el_, &count);
  *interrupted = interrupted_;
  if (interrupted_) return std::string();
  if (line == nullptr || count <= 0) return std::nullopt;
  std::string text(line, static_cast<size_t>(count));
  if (!text.empty() && text.back() == '\n') text.pop_back();
  return text;
}

void LineEditor::AddHistory(const std::string& line) {
  HistEvent ev;
  history(hist_, &ev, H_ENTER, line.c_str());
  if (!history_path_.empty()) history(hist_, &ev, H_SAVE, history_path_.c_str());
}

char* LineEditor::PromptFn(EditLine* el) { return Self(el)->prompt_.data(); }

unsigned char LineEditor::InterruptFn(EditLine* el, int) {
  Self(el)->interrupted_ = true;
  return CC_NEWLINE;
}

unsigned char LineEditor::CompleteFn(EditLine* el, int) {
  LineEditor* self = Self(el);
  const LineInfo* li = el_line(el);
  const std::string before(li->buffer, li->cursor);
  const Completion c = self->completer_(before);
  if (c.candidates.empty() || c.start > before.size()) return CC_REFRESH_BEEP;
  const std::string word = before.substr(c.start);
  if (c.candidates.size() == 1) {
    el_deletestr(el, CountChars(word));
    const std::string text = c.candidates[0] + (c.append_space ? " " : "");
    el_insertstr(el, text.c_str());
    return CC_REFRESH;
  }
  const std::string common = CommonPrefix(c.candidates);
  if (common.size() > word.size()) {
    el_deletestr(el, CountChars(word));
    el_insertstr(el, common.c_str());
    return CC_REFRESH;
  }
  ListCandidates(c.candidates);
  return CC_REDISPLAY;
}

int LineEditor::ReadCharFn(EditLine* el, wchar_t* c) {
  unsigned char bytes[4];
  size_t have = 0, need = 1;
  for (;;) {
    if (TakeResize()) el_resize(el);
    if (TakeInterrupt()) {
      *c = 3;  // bound to kg-interrupt
      return 1;
    }
    pollfd fds[2] = {{STDIN_FILENO, POLLIN, 0}, {WakeupFd(), POLLIN, 0}};
    const int ready = ::poll(fds, WakeupFd() >= 0 ? 2 : 1, -1);
    if (ready < 0) {
      if (errno == EINTR) continue;
      return -1;
    }
    if (fds[1].revents != 0) DrainWakeups();
    if (fds[0].revents == 0) continue;
    unsigned char b;
    const ssize_t n = ::read(STDIN_FILENO, &b, 1);
    if (n == 0) return 0;
    if (n < 0) {
      if (errno == EINTR || errno == EAGAIN) continue;
      return -1;
    }
    // Ctrl-D typed while the terminal was still in cooked mode (during a query, or before the
    // editor switched to raw mode) is queued by the line discipline as an end-of-file mark, which
    // reaches us as a NUL byte once raw mode is on: give the editor the ^D it was.
    if (b == 0) b = 4;
    if (have == 0) {
      need = b < 0x80 ? 1 : (b & 0xE0) == 0xC0 ? 2 : (b & 0xF0) == 0xE0 ? 3
                      : (b & 0xF8) == 0xF0 ? 4 : 1;
    } else if ((b & 0xC0) != 0x80) {
      *c = 0xFFFD;  // a broken sequence; the new byte is lost with it
      return 1;
    }
    bytes[have++] = b;
    if (have < need) continue;
    if (need == 1) {
      *c = bytes[0] < 0x80 ? bytes[0] : 0xFFFD;
    } else {
      wchar_t cp = bytes[0] & (0xFF >> (need + 1));
      for (size_t i = 1; i < need; ++i) cp = (cp << 6) | (bytes[i] & 0x3F);
      *c = cp;
    }
    return 1;
  }
}

}  // namespace kg::cli
