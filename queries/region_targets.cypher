// name: region_targets
// question: What targets has this region (and its sub-regions) set? | 这个地区（含下辖地区）设定了哪些目标？
// param region: 辽宁
// param year: 2025 (int, optional)
// param limit: 500 (int, default)
// param skip: 0 (int, default)
// returns: region, plan, level, clause_path, metric, year, value, value_max, unit, comparator, direction, source, start, end, page, quote
MATCH (r:Region)
WHERE r.code = $region OR r.name = $region OR r.name STARTS WITH $region
MATCH (sub:Region)-[:LOCATED_IN*0..3]->(r)
MATCH (p:Plan)-[:APPLIES_TO]->(sub)
// a plan's targets by their `document` index (its id), not through each of its clauses
MATCH (t:Target {document: p.id})
WHERE $year IS NULL OR t.year = $year
// one row per (region, target): sort and page on the keys, then read the page's properties
WITH sub, p, t
ORDER BY sub.name, p.title, t.year, t.start, t.id
SKIP $skip LIMIT $limit
MATCH (t)-[:QUANTIFIES]->(c:Clause)
RETURN sub.name AS region, p.title AS plan, p.level AS level, c.path AS clause_path,
       t.metric AS metric, t.year AS year, t.value AS value, t.value_max AS value_max, t.unit AS unit,
       t.comparator AS comparator, t.direction AS direction, t.source AS source, t.start AS start,
       t.end AS end, t.page AS page, t.text AS quote
ORDER BY region, plan, year, start
