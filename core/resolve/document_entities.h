// The entities of one document after within-document coreference: what the mention step
// (coreference.h) hands to cross-document resolution.
// Thread-safety: plain values.
#pragma once

#include <string>
#include <vector>

#include "kg/model.h"

namespace kg::core::resolve {

// One entity of one document after within-document coreference: every mention of it
// ("Sergei Lavrov", "Mr Lavrov", "Lavrov", "Russia's foreign minister", "he") in one cluster.
struct DocumentEntity {
  std::string name;                // best full proper name in the document, titles removed
  std::string type;                // PERSON, ORG, LOCATION, EVENT, OTHER; ROLE for a role nominal
  std::vector<Alias> aliases;      // surface names used in this document (titles removed), with
                                   // counts; pronouns and role phrases are not aliases
  std::vector<std::string> roles;  // role phrases attached in this document, lower case:
                                   // "foreign minister", "spokesman", "president of Russia"
  std::vector<std::string> cooccurring;  // names of the document's other entities that appear
                                         // in the same sentences (context for cross-doc matching)
  // A role nominal no name of the document took ("the US president"): `name` and the one role
  // are its role phrase ("president of united states"), `type` is ROLE and there are no
  // aliases. Cross-document resolution gives it the one person the store and the document
  // agree holds that role, else a ROLE node of that phrase (never a node of the country).
  bool role_nominal = false;
};

// A document's entities; statements refer to them by index.
struct DocumentEntities {
  std::vector<DocumentEntity> entities;
};

}  // namespace kg::core::resolve
