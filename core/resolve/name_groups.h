// The simplest within-document grouping of entity mentions: by folded name.
//
// Stands in for coreference (core/resolve/coreference.h) where a document's statements carry
// no "local:" entity ids yet: every entity node (subject, object, location, speaker) of the
// statements is grouped with the others of the same folded name into one DocumentEntity, and
// the node's id becomes "local:" + its index, as ResolveDocumentMentions leaves it.
// Thread-safety: pure function.
#pragma once

#include <vector>

#include "core/resolve/document_entities.h"
#include "kg/model.h"

namespace kg::core::resolve {

// True when some statement already refers to document entities ("local:N" ids).
bool HasDocumentEntityIds(const std::vector<Statement>& statements);

// Groups the entity nodes of `statements` that look like proper names (name_match.h) by folded
// name into `out` (appending) and rewrites
// their ids to "local:N". The entity's name is its first spelling, its type the first specific
// type given (else OTHER), its aliases the nodes' own aliases where they carry some (else the
// spellings, with how many statements used each); roles
// come from role statements ("X –spokesman of→ Y", "X –be→ spokesman"), co-occurring names
// from the other entities of the same sentences. Literals, ROLE nodes, common nouns and
// pronouns keep their ids.
void GroupMentionsByName(std::vector<Statement>* statements, DocumentEntities* out);

}  // namespace kg::core::resolve
