// name: clause_detail
// question: What does this clause say, who is responsible, what does it derive from and who implements it? | 这一条款的原文、责任单位、上位条款和落实条款
// description: One row: the clause (full text and span), its plan and parent, its sub-clauses, the targets and responsibility markers in it (with spans, to highlight), its obligation's force, the clauses it derives from (score, method) and the clauses implementing it (DERIVES_FROM into it, up to 3 hops, each once at its shortest distance, at most 500) with their plan's level and region.
// param clause: 003_a895838ed2e4cd84/002/三（一）
// returns: id, path, label, heading, depth, text, source, start, end, page, plan_id, plan, plan_level, plan_region, source_hash, parent, children, targets, agencies, obligations, derives_from, implemented_by
MATCH (c:Clause {id: $clause})
MATCH (p:Plan {id: c.document})
OPTIONAL MATCH (parent:Clause)-[:HAS_CLAUSE]->(c)
CALL (c) {
  OPTIONAL MATCH (c)-[:HAS_CLAUSE]->(k:Clause)
  WITH k ORDER BY k.start
  RETURN collect(CASE WHEN k IS NULL THEN null ELSE {id: k.id, path: k.path, heading: k.heading} END) AS children
}
CALL (c) {
  OPTIONAL MATCH (t:Target)-[:QUANTIFIES]->(c)
  WITH t ORDER BY t.start
  RETURN collect(CASE WHEN t IS NULL THEN null ELSE
           {id: t.id, metric: t.metric, value: t.value, unit: t.unit, year: t.year, start: t.start,
            end: t.end} END) AS targets
}
CALL (c) {
  OPTIONAL MATCH (a:Agency)-[r:RESPONSIBLE_FOR]->(c)
  WITH a, r ORDER BY r.start
  RETURN collect(CASE WHEN a IS NULL THEN null ELSE
           {id: a.id, name: a.name, as_written: r.agency_text, role: r.role, start: r.start, end: r.end,
            page: r.page} END) AS agencies
}
CALL (c) {
  OPTIONAL MATCH (a:Agency)-[:BEARS]->(o:Obligation)-[:STATED_IN]->(c)
  WITH o, collect(a.name) AS bearers ORDER BY o.id
  RETURN collect(CASE WHEN o IS NULL THEN null ELSE
           {id: o.id, force: o.modality, due_year: o.due_year, agencies: bearers} END) AS obligations
}
CALL (c) {
  OPTIONAL MATCH (c)-[d:DERIVES_FROM]->(up:Clause)
  OPTIONAL MATCH (upPlan:Plan {id: up.document})
  WITH d, up, upPlan ORDER BY d.score DESC
  RETURN collect(CASE WHEN up IS NULL THEN null ELSE
           {id: up.id, path: up.path, heading: up.heading, plan_id: upPlan.id, plan: upPlan.title,
            level: upPlan.level, score: d.score, method: d.method} END) AS derives_from
}
CALL (c) {
  // every implementing clause once, at its shortest distance (as clause_implementations)
  OPTIONAL MATCH chain = (c)<-[:DERIVES_FROM*1..3]-(local:Clause)
  WITH local, min(length(chain)) AS hops
  OPTIONAL MATCH (lp:Plan {id: local.document})
  WITH local, hops, lp ORDER BY hops, lp.level, lp.region, lp.title, local.start LIMIT 500
  OPTIONAL MATCH (local)-[d:DERIVES_FROM]->()
  WITH local, hops, lp, max(d.score) AS score
  RETURN collect(CASE WHEN local IS NULL THEN null ELSE
           {id: local.id, path: local.path, heading: local.heading, plan_id: lp.id, plan: lp.title,
            level: lp.level, region: lp.region, hops: hops, score: score} END) AS implemented_by
}
RETURN c.id AS id, c.path AS path, c.label AS label, c.heading AS heading, c.depth AS depth,
       c.text AS text, c.source AS source, c.start AS start, c.end AS end, c.page AS page,
       p.id AS plan_id, p.title AS plan, p.level AS plan_level, p.region AS plan_region,
       p.source_hash AS source_hash,
       CASE WHEN parent IS NULL THEN null ELSE {id: parent.id, path: parent.path, heading: parent.heading} END
         AS parent,
       children, targets, agencies, obligations, derives_from, implemented_by
