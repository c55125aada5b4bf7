// name: region
// question: What is in this region: sub-regions, plans, their bases, targets and agencies? | 这个地区有哪些方案、目标和单位？
// description: The region page (policykg viz region): the best-matching region (id, GB/T 2260 code or name) with its parents and sub-regions, the plans applying to them (or naming it), what those plans derive from, their targets with indicators, and the agencies located there. `focus` is the region's id.
// param region: 青岛
// param limit: 1500 (int, default)
// returns: focus, p
MATCH (r:Region) WHERE r.id = $region OR r.code = $region OR r.name = $region OR r.name STARTS WITH $region
WITH r ORDER BY CASE WHEN r.code = $region OR r.name = $region THEN 0 ELSE 1 END, size(r.name), r.id LIMIT 1
CALL (r) {
  MATCH p = (r)-[:LOCATED_IN*1..3]->(:Region) RETURN p
  UNION MATCH p = (:Region)-[:LOCATED_IN*1..2]->(r) RETURN p LIMIT $limit
  UNION MATCH p = (:Plan)-[:APPLIES_TO]->(:Region)-[:LOCATED_IN*0..3]->(r) RETURN p LIMIT $limit
  UNION MATCH (plan:Plan)-[:APPLIES_TO]->(:Region)-[:LOCATED_IN*0..3]->(r) WITH DISTINCT plan
        MATCH p = (plan)-[:DERIVES_FROM]->(:Plan) RETURN p LIMIT $limit
  UNION MATCH (plan:Plan)-[:APPLIES_TO]->(:Region)-[:LOCATED_IN*0..3]->(r) WITH DISTINCT plan
        MATCH p = (:Indicator)<-[:MEASURES]-(:Target)-[:QUANTIFIES]->(:Clause)-[:PART_OF]->(plan) RETURN p LIMIT $limit
  UNION MATCH p = (:Agency)-[:LOCATED_IN]->(r) RETURN p LIMIT $limit
  // plans that name the region but have no APPLIES_TO edge (yet): shown with their targets
  UNION MATCH (plan:Plan {region: r.name}) WHERE NOT (plan)-[:APPLIES_TO]->()
        MATCH p = (:Indicator)<-[:MEASURES]-(:Target)-[:QUANTIFIES]->(:Clause)-[:PART_OF]->(plan) RETURN p LIMIT $limit
  UNION MATCH p = (plan:Plan {region: r.name}) RETURN p LIMIT $limit
  UNION MATCH p = (r) RETURN p
}
RETURN r.id AS focus, p
