// name: plan_clauses
// question: What are this plan's clauses, with their targets, responsible agencies and force? | 这个方案的条款树：各条款的目标、责任单位和约束力
// description: The plan's clauses in reading order (parent id and depth give the tree), each with its targets, the agencies named responsible (with role as the graph records it) and its obligation's force and due year. One page of clauses.
// param plan: 004_ce321d0be690c707
// param limit: 2000 (int, default)
// param skip: 0 (int, default)
// returns: id, path, label, heading, depth, parent, text, source, start, end, page, targets, agencies, force, due_year
MATCH (c:Clause {document: $plan})
WITH c ORDER BY c.start, c.depth SKIP $skip LIMIT $limit
OPTIONAL MATCH (parent:Clause)-[:HAS_CLAUSE]->(c)
CALL (c) {
  OPTIONAL MATCH (t:Target)-[:QUANTIFIES]->(c)
  WITH t ORDER BY t.start
  RETURN collect(CASE WHEN t IS NULL THEN null ELSE
           {id: t.id, metric: t.metric, value: t.value, value_max: t.value_max, unit: t.unit,
            year: t.year, comparator: t.comparator} END) AS targets
}
CALL (c) {
  OPTIONAL MATCH (a:Agency)-[r:RESPONSIBLE_FOR]->(c)
  WITH a, r ORDER BY r.start
  RETURN collect(CASE WHEN a IS NULL THEN null ELSE
           {id: a.id, name: a.name, as_written: r.agency_text, role: r.role} END) AS agencies
}
OPTIONAL MATCH (o:Obligation)-[:STATED_IN]->(c)
WITH c, parent, targets, agencies, collect(DISTINCT o.modality) AS forces, max(o.due_year) AS due_year
RETURN c.id AS id, c.path AS path, c.label AS label, c.heading AS heading, c.depth AS depth,
       parent.id AS parent, left(c.text, 300) AS text, c.source AS source, c.start AS start, c.end AS end,
       c.page AS page, targets, agencies, head(forces) AS force, due_year
ORDER BY start, depth
