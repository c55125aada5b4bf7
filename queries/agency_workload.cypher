// name: agency_workload
// question: Which agencies carry the most obligations and targets? | 哪些单位承担的任务和目标最多？
// description: Agencies ranked by obligations, then by targets stated in the clauses they are responsible for; optionally within one region (and its sub-regions).
// param region: 青岛 (optional)
// param limit: 20 (int, default)
// param skip: 0 (int, default)
// returns: agency, region, obligations, lead_roles, targets, plans
// anchored on the region (by name or code, then its sub-regions) when there is one
CALL () {
  WITH $region AS region WHERE region IS NOT NULL
  MATCH (r:Region) WHERE r.code = region OR r.name = region OR r.name STARTS WITH region
  MATCH (a:Agency)-[:LOCATED_IN]->(:Region)-[:LOCATED_IN*0..3]->(r)
  RETURN a
  UNION
  WITH 1 AS everywhere WHERE $region IS NULL
  MATCH (a:Agency)
  RETURN a
}
MATCH (a)-[resp:RESPONSIBLE_FOR]->(c:Clause)-[:PART_OF]->(p:Plan)
WITH a, count(DISTINCT c) AS clauses, count(DISTINCT CASE WHEN resp.role = 'lead' THEN c END) AS lead_roles,
     collect(DISTINCT p.title) AS plans, collect(DISTINCT c) AS cs
CALL (a) { RETURN COUNT { (a)-[:BEARS]->(:Obligation) } AS obligations }
CALL (cs) {
  UNWIND cs AS c
  // anchored on the clause: walk down to its sub-clauses, then to their targets
  OPTIONAL MATCH (c)-[:HAS_CLAUSE*0..3]->(:Clause)<-[:QUANTIFIES]-(t:Target)
  RETURN count(DISTINCT t) AS targets
}
RETURN a.name AS agency, a.region AS region, obligations, lead_roles, targets, plans
ORDER BY obligations DESC, targets DESC, agency, a.id
SKIP $skip LIMIT $limit
