// name: implementation_gaps
// question: Which clauses of a national plan have no implementing clause in this region's plans? | 国家方案的哪些条款在该地区方案中没有对应落实条款？
// description: Numbered clauses of the plan (not the preamble) with no clause of the region's plans (region and sub-regions) deriving from them or from one of their sub-clauses, directly or transitively.
// param plan: 2030年前碳达峰行动方案
// param region: 青岛
// returns: clause_path, heading, depth, source, start, end, page
MATCH (np:Plan)
WHERE np.id = $plan OR np.title = $plan OR np.title CONTAINS $plan
MATCH (r:Region)
WHERE r.code = $region OR r.name = $region OR r.name STARTS WITH $region
MATCH (np)-[:HAS_CLAUSE*1..4]->(n:Clause)
WHERE n.depth >= 2 AND NOT EXISTS {
  MATCH (n)-[:HAS_CLAUSE*0..3]->(:Clause)<-[:DERIVES_FROM*1..3]-(:Clause)-[:PART_OF]->(:Plan)
        -[:APPLIES_TO]->(:Region)-[:LOCATED_IN*0..3]->(r)
}
RETURN DISTINCT n.path AS clause_path, n.heading AS heading, n.depth AS depth, n.source AS source,
       n.start AS start, n.end AS end, n.page AS page
ORDER BY start
