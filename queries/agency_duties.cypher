// name: agency_duties
// question: What is this agency on the hook for, by when? (the duty register) | 这个单位承担哪些职责、何时完成？（职责清单）
// description: One row per duty of an agency across plans: each clause it is named responsible for, with its role as the graph records it, the clause's force (modality) and due year, the targets the clause (or its sub-clauses) states, the plan, and the evidence (source, span, page) of the responsibility marker. The agency is given by id, canonical name, or a name as written (scoped with region).
// param agency: 青岛市发展和改革委员会
// param region: 青岛 (optional)
// param limit: 500 (int, default)
// param skip: 0 (int, default)
// returns: agency, agency_id, agency_as_written, role, force, due_year, plan, plan_id, clause_id, clause_path, clause_heading, targets, source, start, end, page
// anchored on an index: the agency by id or canonical name, and with a region the agencies of
// that region (a name as written, 市发展改革委, is shared by many cities); without a region, a
// name as written is looked for in every agency
CALL () {
  MATCH (a:Agency) WHERE a.id = $agency OR a.name = $agency
  RETURN a
  UNION
  WITH $region AS region WHERE region IS NOT NULL
  MATCH (a:Agency) WHERE a.region_code = region OR a.region STARTS WITH region
  RETURN a
  UNION
  WITH 1 AS everywhere WHERE $region IS NULL
  MATCH (a:Agency) WHERE $agency IN a.names
  RETURN a
}
WITH a
WHERE (a.id = $agency OR a.name = $agency OR $agency IN a.names)
  AND ($region IS NULL OR a.region_code = $region OR a.region STARTS WITH $region)
MATCH (a)-[r:RESPONSIBLE_FOR]->(c:Clause)
MATCH (p:Plan {id: c.document})
// sort and page on the keys, then read the page's properties
WITH a, r, c, p ORDER BY p.title, c.start, a.name SKIP $skip LIMIT $limit
OPTIONAL MATCH (a)-[:BEARS]->(o:Obligation)-[:STATED_IN]->(c)
CALL (c) {
  // the clause's own targets and its sub-clauses' (a task clause states them in its items)
  OPTIONAL MATCH (c)-[:HAS_CLAUSE*0..3]->(:Clause)<-[:QUANTIFIES]-(t:Target)
  WITH t ORDER BY t.start
  RETURN collect(DISTINCT t.metric + ' ' + coalesce(toString(t.year), '每年') + ': '
                 + CASE WHEN t.value = toInteger(t.value) THEN toString(toInteger(t.value))
                        ELSE toString(t.value) END
                 + coalesce(t.unit, '')) AS targets
}
RETURN a.name AS agency, a.id AS agency_id, r.agency_text AS agency_as_written, r.role AS role,
       o.modality AS force, o.due_year AS due_year, p.title AS plan, p.id AS plan_id,
       c.id AS clause_id, c.path AS clause_path, c.heading AS clause_heading, targets,
       r.source AS source, r.start AS start, r.end AS end, r.page AS page
ORDER BY plan, c.start, agency
