// name: plan_detail
// question: What is this plan, what is it based on, and which plans derive from it? | 这个方案的基本信息、上位依据和下位方案
// description: One row: the plan's metadata (issuer, 文号, date, level, region, kind, pages), the plans it derives from and cites (CITES with relation), and the plans deriving from it (direct DERIVES_FROM, at most 300). By id, or by exact title.
// param plan: 003_a895838ed2e4cd84/002
// returns: id, title, issuer, doc_number, date, level, region, region_code, kind, draft, external, source, page_start, page_end, clauses, targets, bases, cites, derived
MATCH (p:Plan) WHERE p.id = $plan OR p.title = $plan
WITH p ORDER BY CASE WHEN p.id = $plan THEN 0 ELSE 1 END, p.id LIMIT 1
CALL (p) {
  OPTIONAL MATCH (p)-[d:DERIVES_FROM]->(b:Plan)
  WITH d, b ORDER BY d.score DESC, b.title
  RETURN collect(CASE WHEN b IS NULL THEN null ELSE
           {id: b.id, title: b.title, level: b.level, score: d.score, method: d.method,
            external: coalesce(b.external, false)} END) AS bases
}
CALL (p) {
  OPTIONAL MATCH (p)-[c:CITES]->(b:Plan)
  WITH c, b ORDER BY c.relation, b.title
  RETURN collect(CASE WHEN b IS NULL THEN null ELSE
           {id: b.id, title: b.title, relation: c.relation, doc_number: c.doc_number,
            external: coalesce(b.external, false), source: c.source, start: c.start, end: c.end,
            page: c.page} END) AS cites
}
CALL (p) {
  OPTIONAL MATCH (l:Plan)-[d:DERIVES_FROM]->(p)
  WITH d, l ORDER BY l.level, l.region, l.title LIMIT 300
  RETURN collect(CASE WHEN l IS NULL THEN null ELSE
           {id: l.id, title: l.title, level: l.level, region: l.region, score: d.score,
            method: d.method} END) AS derived
}
RETURN p.id AS id, p.title AS title, p.issuer AS issuer, p.doc_number AS doc_number, p.date AS date,
       p.level AS level, p.region AS region, p.region_code AS region_code, p.kind AS kind,
       p.draft AS draft, coalesce(p.external, false) AS external, p.source AS source,
       p.page_start AS page_start, p.page_end AS page_end,
       COUNT { (c:Clause {document: p.id}) } AS clauses, COUNT { (t:Target {document: p.id}) } AS targets,
       bases, cites, derived
