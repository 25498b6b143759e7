// Entity mentions of one analysed sentence: proper-noun names with their titles split off,
// definite role nominals ("the foreign minister"), third-person pronouns, and the common nouns
// that stand for an unnamed person or group (which stop a pronoun from reaching past them).
// Thread-safety: pure functions (the gazetteer is only read).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/resolve/gazetteer.h"
#include "kg/nlp.h"

namespace kg::core::resolve {

enum class MentionKind : uint8_t {
  kName = 0,     // "Sergey Lavrov", "the Kremlin", "Dnipropetrovsk region"
  kRole = 1,     // "the foreign minister", "Russia's foreign minister" with no name attached
  kPronoun = 2,  // he, his, she, they ...
  kBlocker = 3,  // "the man", "officials": a person or group that is no named entity
};

// A role a title, apposition or copula gives a name, or the role a role nominal is.
struct RoleInfo {
  std::vector<std::string> words;  // lower case, in order: {"foreign", "minister"}
  std::string head;                // the role noun: "minister"
  std::string org;                 // folded organisation or country it is of: "kremlin",
                                   // "russia" (from "Russian"); "" when none
  std::string org_text;            // that organisation as written: "Kremlin", "Russia"
  // "foreign minister", "spokesman of kremlin": lower case, as DocumentEntity::roles holds it.
  std::string Phrase() const;
};

// How strongly a mention's form and context point at each type.
struct TypeVotes {
  int person = 0;
  int org = 0;
  int location = 0;
  int event = 0;
  void Add(const TypeVotes& o) {
    person += o.person, org += o.org, location += o.location, event += o.event;
  }
  // PERSON, ORG, LOCATION, EVENT for the highest vote (ties in that order), OTHER for none.
  std::string Type() const;
};

struct Mention {
  MentionKind kind = MentionKind::kName;
  int sentence = 0;         // index of its sentence in the document
  int head = 0;             // 0-based index of its head word in the sentence
  std::vector<int> tokens;  // 0-based words it covers (a name: without its title, but with an
                            // apposed role noun, which statements may take as the argument)
  std::string text;         // a name as written, titles removed ("Sergey Lavrov"); a role
                            // nominal's or pronoun's words in lower case
  std::vector<std::string> words;      // a name's folded words ("sergey", "lavrov")
  std::string key;                     // a name's folded words joined by a space, without a
                                       // leading "the"; a role nominal's or pronoun's text
  std::vector<RoleInfo> roles;         // a name's roles; a role nominal's own role (one)
  std::vector<std::string> modifiers;  // a role nominal's modifiers, lower case ("russian")
  char gender = 0;                     // 'm', 'f' or 0 (unknown)
  bool plural = false;
  bool subject = false;         // the subject (nsubj, nsubj:pass) of its clause
  bool speaker = false;         // the subject of a speech verb ("he" in "..., he said")
  bool quoted_speaker = false;  // a speaker after a quotation in its sentence
  int governor = -1;            // the word it is an argument of (its head), -1 at the root
  int clause_subject = -1;      // the head word of its clause's subject, also when the clause
                                // shares it with a conjoined verb ("X met Y and praised him");
                                // -1 when none
  std::string relation;         // its dependency relation ("nsubj", "obj", "nmod:poss")
  bool demonym = false;         // a nationality ("Ukrainians"), never the country itself
  TypeVotes votes;
};

// Finds the mentions of one analysed sentence (head and deprel set). `sentence_index` is
// recorded in each. Mentions come in the order of their head words.
std::vector<Mention> FindMentions(const std::vector<AnalyzedToken>& sentence, int sentence_index,
                                  const Gazetteer& places);

// Words joined by a space unless their character spans touch ("St." "Petersburg" → two words,
// "Zelenskiy" "'s" → one), as the extractor renders node names.
std::string RenderWords(const std::vector<AnalyzedToken>& sentence, std::vector<int> idx);

}  // namespace kg::core::resolve
