// name: record_evidence
// question: Where is this record's evidence: which file, which characters? | 这条记录的原文在哪个文件的哪几个字？
// description: One row for a node by id (plan, clause, target, agency, region, obligation): the source file and character span of its evidence (for an agency or region, its first mention). `policykg show` reads only that file and extracts only the document holding the span.
// param id: agency:青岛市发展和改革委员会
// returns: id, label, source, start, end, document
CALL () {
  MATCH (n:Agency {id: $id}) RETURN n, 'Agency' AS label
  UNION MATCH (n:Region {id: $id}) RETURN n, 'Region' AS label
  UNION MATCH (n:Plan {id: $id}) RETURN n, 'Plan' AS label
  UNION MATCH (n:Clause {id: $id}) RETURN n, 'Clause' AS label
  UNION MATCH (n:Target {id: $id}) RETURN n, 'Target' AS label
  UNION MATCH (n:Obligation {id: $id}) RETURN n, 'Obligation' AS label
}
WITH n, label WHERE n.source IS NOT NULL AND n.start IS NOT NULL
RETURN n.id AS id, label, n.source AS source, n.start AS start, n.end AS end, n.document AS document
LIMIT 1
