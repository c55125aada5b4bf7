// name: agency
// question: What is around this agency: its clauses, plans, targets, parent and region? | 这个单位负责哪些条款、方案和目标？
// description: The agency page (policykg viz agency): the best-matching agency (id or name as written, optionally scoped by region) and paths to the clauses it is responsible for with their plans and targets, its obligations (when asked), its parent government and region, the plans it issued. `focus` is the agency's id.
// param agency: 青岛市发展和改革委员会
// param region: (optional)
// param obligations: false (bool, default)
// param limit: 1500 (int, default)
// returns: focus, p
MATCH (a:Agency)
WHERE (a.id = $agency OR a.name = $agency OR $agency IN coalesce(a.names, []) OR a.name CONTAINS $agency)
  AND ($region IS NULL OR a.region STARTS WITH $region OR a.region_code = $region)
WITH a ORDER BY CASE WHEN a.id = $agency OR a.name = $agency THEN 0 ELSE 1 END, size(a.name), a.id LIMIT 1
CALL (a) {
  MATCH p = (a)-[:RESPONSIBLE_FOR]->(:Clause)-[:PART_OF]->(:Plan) RETURN p LIMIT $limit
  UNION MATCH p = (a)-[:BEARS]->(:Obligation)-[:STATED_IN]->(:Clause) WHERE $obligations RETURN p LIMIT $limit
  UNION MATCH p = (a)-[:RESPONSIBLE_FOR]->(:Clause)<-[:QUANTIFIES]-(:Target) RETURN p LIMIT $limit
  UNION MATCH p = (a)-[:SUB_ORGANIZATION_OF|LOCATED_IN]->() RETURN p
  UNION MATCH p = (:Plan)-[:ISSUED_BY]->(a) RETURN p LIMIT $limit
  UNION MATCH p = (a) RETURN p
}
RETURN a.id AS focus, p
