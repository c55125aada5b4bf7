// name: implementation_gaps
// question: Which clauses of a national plan have no implementing clause in this region's plans? | 国家方案的哪些条款在该地区方案中没有对应落实条款？
// description: Task clauses of the plan (not the preamble, nor general sections such as 指导思想 / 保障措施) with no clause of the region's plans (region and sub-regions) deriving from them or from one of their sub-clauses, directly or transitively.
// param plan: 2030年前碳达峰行动方案
// param region: 青岛
// param limit: 500 (int, default)
// param skip: 0 (int, default)
// returns: clause_path, heading, depth, source, start, end, page
MATCH (np:Plan)
WHERE np.id = $plan OR np.title = $plan OR np.title CONTAINS $plan
MATCH (r:Region)
WHERE r.code = $region OR r.name = $region OR r.name STARTS WITH $region
// what the region implements, walked from its own plans (anchored on the region, so the cost
// grows with the region, not with every plan implementing the national one): the clauses its
// clauses derive from, directly or transitively, and every clause enclosing those
CALL (r, np) {
  OPTIONAL MATCH (d:Clause)<-[:DERIVES_FROM*1..3]-(:Clause)-[:PART_OF]->(:Plan)
                 -[:APPLIES_TO]->(:Region)-[:LOCATED_IN*0..3]->(r)
  // only clauses of the national plan matter: filter before walking up to the enclosing ones
  WITH DISTINCT d WHERE d.document = np.id
  OPTIONAL MATCH (n:Clause)-[:HAS_CLAUSE*0..3]->(d)
  RETURN collect(DISTINCT n) AS implemented
}
MATCH (np)-[:HAS_CLAUSE]->(top:Clause)-[:HAS_CLAUSE*1..3]->(n:Clause)
// general sections state principles, not tasks a local plan implements
WHERE NOT top.heading =~ '.*(总体要求|指导思想|工作原则|基本原则|主要目标|保障措施|组织实施|组织领导).*'
  AND NOT n IN implemented
RETURN DISTINCT n.path AS clause_path, n.heading AS heading, n.depth AS depth, n.source AS source,
       n.start AS start, n.end AS end, n.page AS page
ORDER BY start
SKIP $skip LIMIT $limit
