// name: clause
// question: Which local clauses implement this clause? | 哪些地方条款落实了这个条款？
// description: The clause page (policykg viz clause): the best-matching clause (id, printed path or heading, optionally within a plan) and the clauses deriving from it (3 hops) with their plans and regions, and with `agencies` the agencies responsible for them. `focus` is the clause's id.
// param clause: 大力发展新能源
// param plan: 2030年前碳达峰行动方案 (optional)
// param agencies: false (bool, default)
// param limit: 1500 (int, default)
// returns: focus, p
MATCH (n:Clause)-[:PART_OF]->(np:Plan)
WHERE (n.id = $clause OR n.path = $clause OR n.heading = $clause OR n.heading STARTS WITH $clause)
  AND ($plan IS NULL OR np.id = $plan OR np.title CONTAINS $plan)
// a heading is copied by the plans that implement it: the clause most derived from is the source
WITH n ORDER BY CASE WHEN n.id = $clause THEN 0 ELSE 1 END, COUNT { (n)<-[:DERIVES_FROM]-() } DESC, n.id LIMIT 1
CALL (n) {
  MATCH p = (n)-[:PART_OF]->(:Plan) RETURN p
  UNION MATCH p = (:Clause)-[:DERIVES_FROM*1..3]->(n) RETURN p LIMIT $limit
  UNION MATCH (local:Clause)-[:DERIVES_FROM*1..3]->(n) WITH DISTINCT local LIMIT $limit
        MATCH p = (local)-[:PART_OF]->(:Plan)-[:APPLIES_TO]->(:Region) RETURN p
  UNION MATCH (local:Clause)-[:DERIVES_FROM*1..3]->(n) WITH DISTINCT local LIMIT $limit
        MATCH p = (:Agency)-[:RESPONSIBLE_FOR]->(local) WHERE $agencies RETURN p
}
RETURN n.id AS focus, p
