// name: target_provenance
// question: Where does this local target come from? | 这个地方目标从哪里来？
// description: The chain from a target up through its clause and plan to the clauses and plans it derives from, with evidence at each step (step 0 = the target, 1 = its clause, then DERIVES_FROM hops; plan-level links after clause-level ones).
// param target: (optional)
// param region: 大连 (optional)
// param indicator: 非化石能源装机占比 (optional)
// param year: 2025 (int, optional)
// returns: target, step, link, plan, level, clause_path, heading, score, method, source, start, end, page, quote
// anchored on an index: the target by id, else the targets of the region's plans (the region by
// name or code, then its sub-regions), else the year's targets; the full filter follows
CALL () {
  WITH $target AS id WHERE id IS NOT NULL
  MATCH (t:Target {id: id})
  RETURN t
  UNION
  WITH $region AS region WHERE $target IS NULL AND region IS NOT NULL
  MATCH (r:Region) WHERE r.code = region OR r.name = region OR r.name STARTS WITH region
  MATCH (t:Target)-[:QUANTIFIES]->(:Clause)-[:PART_OF]->(:Plan)-[:APPLIES_TO]->(:Region)-[:LOCATED_IN*0..3]->(r)
  RETURN t
  UNION
  WITH $year AS year WHERE $target IS NULL AND $region IS NULL AND year IS NOT NULL
  MATCH (t:Target) WHERE t.year = year
  RETURN t
  UNION
  WITH 1 AS everything WHERE $target IS NULL AND $region IS NULL AND $year IS NULL
  MATCH (t:Target)
  RETURN t
}
MATCH (t)-[:QUANTIFIES]->(c:Clause)-[:PART_OF]->(p:Plan)
WHERE ($target IS NULL OR t.id = $target)
  AND ($year IS NULL OR t.year = $year)
  AND ($indicator IS NULL OR t.metric CONTAINS $indicator OR $indicator CONTAINS t.metric
       OR EXISTS { (t)-[:MEASURES]->(i:Indicator)
                   WHERE i.key CONTAINS $indicator OR any(n IN i.names WHERE n CONTAINS $indicator) })
  AND ($region IS NULL OR EXISTS {
        (p)-[:APPLIES_TO]->(:Region)-[:LOCATED_IN*0..3]->(r:Region)
        WHERE r.code = $region OR r.name = $region OR r.name STARTS WITH $region })
CALL (t, c, p) {
  RETURN 0 AS step, 'target' AS link, p AS plan, null AS clause, null AS rel, t.source AS source,
         t.start AS start, t.end AS end, t.page AS page, t.text AS quote
  UNION ALL
  RETURN 1 AS step, 'QUANTIFIES' AS link, p AS plan, c AS clause, null AS rel, c.source AS source,
         c.start AS start, c.end AS end, c.page AS page, c.heading AS quote
  UNION ALL
  // clause-level derivation from the target's clause or from any clause enclosing it
  MATCH (anc:Clause)-[:HAS_CLAUSE*0..3]->(c)
  MATCH chain = (anc)-[:DERIVES_FROM*1..3]->(up:Clause)
  MATCH (up)-[:PART_OF]->(upPlan:Plan)
  WITH chain, up, upPlan, last(relationships(chain)) AS rel
  RETURN 1 + length(chain) AS step, 'DERIVES_FROM clause' AS link, upPlan AS plan, up AS clause, rel,
         up.source AS source, up.start AS start, up.end AS end, up.page AS page, up.heading AS quote
  UNION ALL
  MATCH chain = (p)-[:DERIVES_FROM*1..4]->(upPlan:Plan)
  WITH chain, upPlan, last(relationships(chain)) AS rel
  RETURN 10 + length(chain) AS step, 'DERIVES_FROM plan' AS link, upPlan AS plan, null AS clause, rel,
         rel.source AS source, rel.start AS start, rel.end AS end, rel.page AS page, upPlan.title AS quote
}
RETURN DISTINCT t.id AS target, step, link, plan.title AS plan, plan.level AS level,
       clause.path AS clause_path, clause.heading AS heading, rel.score AS score, rel.method AS method,
       source, start, end, page, quote
ORDER BY target, step, score DESC
