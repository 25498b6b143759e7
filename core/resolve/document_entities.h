#pragma once
#include <string>
#include <vector>
#include "kg/model.h"
namespace kg::core::resolve {
// One entity of one document after within-document coreference: every mention of it
// ("Sergei Lavrov", "Mr Lavrov", "Lavrov", "Russia's foreign minister", "he") in one cluster.
struct DocumentEntity {
  std::string name;                // best full proper name in the document, titles removed
  std::string type;                // PERSON, ORG, LOCATION, EVENT, OTHER (never a literal type)
  std::vector<Alias> aliases;      // surface names used in this document (titles removed), with
                                   // counts; pronouns and role phrases are not aliases
  std::vector<std::string> roles;  // role phrases attached in this document, lower case:
                                   // "foreign minister", "spokesman", "president of Russia"
  std::vector<std::string> cooccurring;  // names of the document's other entities that appear
                                         // in the same sentences (context for cross-doc matching)
};
// A document's entities; statements refer to them by index.
struct DocumentEntities {
  std::vector<DocumentEntity> entities;
};
}  // namespace kg::core::resolve
