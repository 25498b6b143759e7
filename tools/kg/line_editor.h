// LineEditor: line editing, history and Tab completion on a terminal, over libedit (BSD).
// Thread-safety: one per process, used from one thread (libedit and the signal flags are
// process-wide).
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "tools/kg/completion.h"

struct editline;
struct history;

namespace kg::cli {

class LineEditor {
 public:
  // Called on Tab with the text before the cursor on the current line; returns what the word
  // at its end can become (Completion::start is an offset into that text).
  using Completer = std::function<Completion(const std::string& line_before_cursor)>;

  // `history_path` empty: no history file (history still works within the session).
  // REQUIRES: standard input is a terminal.
  LineEditor(const std::string& program, std::string history_path, Completer completer);
  ~LineEditor();
  LineEditor(const LineEditor&) = delete;
  LineEditor& operator=(const LineEditor&) = delete;

  // Reads one line (without its newline) after showing `prompt`. Returns nullopt at the end of
  // input (Ctrl-D on an empty line). Ctrl-C returns an empty line and sets *interrupted.
  std::optional<std::string> ReadLine(const std::string& prompt, bool* interrupted);

  // Adds `line` to the history and saves the history file (when there is one).
  void AddHistory(const std::string& line);

 private:
  static char* PromptFn(editline* el);
  static unsigned char CompleteFn(editline* el, int key);
  static unsigned char InterruptFn(editline* el, int key);
  static int ReadCharFn(editline* el, wchar_t* c);

  editline* el_ = nullptr;
  history* hist_ = nullptr;
  std::string history_path_;
  Completer completer_;
  std::string prompt_;
  bool interrupted_ = false;
};

}  // namespace kg::cli
