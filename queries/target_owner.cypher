// name: target_owner
// question: Which agencies own this target? | 哪些单位负责这个目标？
// description: By target id, or by indicator text + region + year. Responsibility is read from the clause that states the target, or from its nearest enclosing clause that names responsible agencies.
// param target: (optional)
// param region: 青岛 (optional)
// param indicator: 可再生能源装机容量 (optional)
// param year: 2025 (int, optional)
// returns: agency, agency_as_written, role, target, year, value, unit, clause_path, clause_heading, plan, source, start, end, page, quote
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
// the nearest clause (the target's own, else an ancestor) that names responsible agencies
CALL (c) {
  MATCH (owner:Clause)-[:HAS_CLAUSE*0..4]->(c)
  WHERE EXISTS { (owner)<-[:RESPONSIBLE_FOR]-(:Agency) }
  RETURN owner ORDER BY owner.depth DESC LIMIT 1
}
MATCH (a:Agency)-[r:RESPONSIBLE_FOR]->(owner)
RETURN a.name AS agency, r.agency_text AS agency_as_written, r.role AS role, t.id AS target,
       t.year AS year, t.value AS value, t.unit AS unit, owner.path AS clause_path,
       owner.heading AS clause_heading, p.title AS plan, r.source AS source, r.start AS start,
       r.end AS end, r.page AS page, t.text AS quote
ORDER BY plan, year, target, role, r.start
