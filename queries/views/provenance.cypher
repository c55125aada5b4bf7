// name: provenance
// question: Where do these targets come from? | 这些目标从哪里来？
// description: The provenance page (policykg viz provenance): up to `targets` targets, by id or by region, indicator and year, with their clause, plan and indicator, and the clauses and plans they derive from. `focus` is each target's id.
// param target: (optional)
// param region: 大连 (optional)
// param indicator: 非化石能源 (optional)
// param year: 2025 (int, optional)
// param targets: 10 (int, default)
// param limit: 1500 (int, default)
// returns: focus, p
MATCH (t:Target)-[:QUANTIFIES]->(:Clause)-[:PART_OF]->(plan:Plan)
WHERE ($target IS NULL OR t.id = $target) AND ($year IS NULL OR t.year = $year)
  AND ($indicator IS NULL OR t.metric CONTAINS $indicator
       OR EXISTS { (t)-[:MEASURES]->(i:Indicator) WHERE i.name CONTAINS $indicator OR i.key CONTAINS $indicator
                   OR $indicator IN coalesce(i.names, []) })
  AND ($region IS NULL OR plan.region STARTS WITH $region OR plan.region_code = $region
       OR EXISTS { (plan)-[:APPLIES_TO]->(:Region)-[:LOCATED_IN*0..3]->(r:Region)
                   WHERE r.code = $region OR r.name STARTS WITH $region })
WITH t ORDER BY t.id LIMIT $targets
CALL (t) {
  MATCH p = (t)-[:QUANTIFIES]->(:Clause)-[:PART_OF]->(:Plan) RETURN p
  UNION MATCH p = (t)-[:MEASURES]->(:Indicator) RETURN p
  UNION MATCH p = (t)-[:QUANTIFIES]->(:Clause)<-[:HAS_CLAUSE*0..3]-(:Clause)-[:DERIVES_FROM*1..3]->(:Clause)-[:PART_OF]->(:Plan)
        RETURN p LIMIT $limit
  UNION MATCH p = (t)-[:QUANTIFIES]->(:Clause)-[:PART_OF]->(:Plan)-[:DERIVES_FROM*1..4]->(:Plan) RETURN p LIMIT $limit
}
RETURN t.id AS focus, p
