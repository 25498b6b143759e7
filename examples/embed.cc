// Embedding kgraph in a research tool: open a store, add a document's statements, ask who says
// what about an entity, export. Builds against the public API only (find_package(kgraph) →
// kg::kg when installed).
//
//   kg_embed_example STORE_DIR
#include <iostream>

#include "kg/database.h"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: " << argv[0] << " STORE_DIR\n";
    return 1;
  }
  kg::Result<std::unique_ptr<kg::Database>> db = kg::Database::Open(argv[1], kg::Options{});
  if (!db.ok()) {
    std::cerr << db.status().ToString() << "\n";
    return 1;
  }

  kg::Document doc;
  doc.title = "Envoy lands in the capital";
  doc.source = "example.org";
  doc.published = "2025-04-25";
  doc.text = "The envoy met the president on Friday, the foreign ministry said.";

  kg::Statement met;
  met.subject = {"e:envoy", "Alex Envoy", "PERSON", kg::NodeKind::kEntity, {{"the envoy", 1}}};
  met.predicate = {"meet", "met"};
  met.object = {
      "e:president", "Sam President", "PERSON", kg::NodeKind::kEntity, {{"the president", 1}}};
  met.qualifiers.time = "2025-04-25";
  met.qualifiers.attributed_to = kg::NodeRef{"e:ministry", "Foreign Ministry"};
  met.confidence = 0.9;
  kg::Evidence ev;
  ev.sentence = doc.text;
  ev.begin = 0;
  ev.end = 65;
  ev.rule = "example/manual";
  met.evidence.push_back(ev);  // evidence.doc left empty: it is this document

  bool added = false;
  kg::Status s = (*db)->AddDocument(doc, {met}, &added);
  if (!s.ok()) {
    std::cerr << s.ToString() << "\n";
    return 1;
  }
  std::cout << (added ? "added" : "already had") << " the document\n";

  kg::Result<kg::EntityCard> card = (*db)->Describe("the envoy");
  if (!card.ok()) {
    std::cerr << card.status().ToString() << "\n";
    return 1;
  }
  for (const kg::StatementLine& line : card->out) {
    std::cout << card->node.name << " -[" << line.predicate << "]-> " << line.other.name
              << " (support " << line.support << ")\n";
  }
  return (*db)->ExportJsonl(std::cout, {}).ok() ? 0 : 1;
}
