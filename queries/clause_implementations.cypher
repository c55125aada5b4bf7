// name: clause_implementations
// question: Which local plans and clauses implement this national (or provincial) clause? | 哪些地方方案条款落实了这一条？
// description: The clause is given by id, or by printed path or heading text together with (part of) its plan title. Follows DERIVES_FROM transitively (up to 3 hops): each implementing clause once, at its shortest distance, with the score of its best shortest chain.
// param clause: 大力发展新能源
// param plan: 2030年前碳达峰行动方案 (optional)
// param limit: 500 (int, default)
// param skip: 0 (int, default)
// returns: national_plan, national_path, national_heading, plan, region, level, clause_path, clause_heading, hops, score, method, source, start, end, page
// anchored on an index: the clause by id or printed path, and with a plan the clauses of the plans
// whose title matches (a heading is looked for in every clause only when no plan is given)
CALL () {
  MATCH (n:Clause) WHERE n.id = $clause OR n.path = $clause
  RETURN n
  UNION
  WITH $plan AS plan WHERE plan IS NOT NULL
  MATCH (np:Plan) WHERE np.title CONTAINS plan OR np.id = plan
  MATCH (n:Clause)-[:PART_OF]->(np)
  RETURN n
  UNION
  WITH 1 AS everywhere WHERE $plan IS NULL
  MATCH (n:Clause) WHERE n.heading = $clause OR n.heading STARTS WITH $clause
  RETURN n
}
MATCH (n)-[:PART_OF]->(np:Plan)
WHERE (n.id = $clause OR n.path = $clause OR n.heading = $clause OR n.heading STARTS WITH $clause)
  AND ($plan IS NULL OR np.title CONTAINS $plan OR np.id = $plan)
// every implementing clause once, at its shortest distance: a breadth-first search visits each
// clause once (counting chains instead grows with their number: 22.7 k chains to 9.0 k clauses
// for the example at 100x)
MATCH chain = (n)<-[:DERIVES_FROM*1..3]-(local:Clause)
WITH np, n, local, min(length(chain)) AS hops
MATCH (lp:Plan {id: local.document})
WITH np, n, local, hops, lp
ORDER BY hops, lp.title, local.path, local.start
SKIP $skip LIMIT $limit
// then, for the page only, the best scored of the shortest chains (score: the product of its links')
CALL (n, local, hops) {
  MATCH chain = (local)-[:DERIVES_FROM*1..3]->(n)
  WHERE length(chain) = hops
  RETURN reduce(s = 1.0, r IN relationships(chain) | s * r.score) AS score, relationships(chain)[0] AS first
  ORDER BY score DESC LIMIT 1
}
RETURN np.title AS national_plan, n.path AS national_path, n.heading AS national_heading,
       lp.title AS plan, lp.region AS region, lp.level AS level, local.path AS clause_path,
       local.heading AS clause_heading, hops, score, first.method AS method,
       local.source AS source, local.start AS start, local.end AS end, local.page AS page
ORDER BY hops, plan, clause_path, start
