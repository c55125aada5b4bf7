// name: agency_obligations
// question: What is this agency responsible for? | 这个单位负责哪些任务？
// description: Every clause the agency is named responsible for, with the clause's modality and the targets it states. The agency is given by canonical name, by a name as written (scoped with region), or by id.
// param agency: 市发展改革委
// param region: 青岛 (optional)
// param limit: 500 (int, default)
// param skip: 0 (int, default)
// returns: agency, role, plan, clause_path, clause_heading, modality, due_year, targets, source, start, end, page
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
MATCH (a)-[r:RESPONSIBLE_FOR]->(c:Clause)-[:PART_OF]->(p:Plan)
OPTIONAL MATCH (a)-[:BEARS]->(o:Obligation)-[:STATED_IN]->(c)
CALL (c) {
  // anchored on the clause: walk down to its sub-clauses, then to their targets
  OPTIONAL MATCH (c)-[:HAS_CLAUSE*0..3]->(:Clause)<-[:QUANTIFIES]-(t:Target)
  RETURN collect(DISTINCT t.metric + ' ' + coalesce(toString(t.year), '每年') + ': '
                 + toString(t.value) + coalesce(t.unit, '')) AS targets
}
RETURN a.name AS agency, r.role AS role, p.title AS plan, c.path AS clause_path,
       c.heading AS clause_heading, o.modality AS modality, o.due_year AS due_year, targets,
       r.source AS source, r.start AS start, r.end AS end, r.page AS page
ORDER BY plan, r.start
SKIP $skip LIMIT $limit
