// name: referenced
// question: Which nodes do these rows name, and how are they linked? | 查询结果中的节点及其关系
// description: A canned query's rows as a graph (policykg viz query): the nodes named by id, title or name (`values`), by printed path within a plan title (`clauses`: maps with path and plan) or by evidence span (`spans`: maps with source, start and end), the edges among them, and each clause's plan and each target's clause.
// param values: 青岛市发展和改革委员会 (list)
// param clauses: (list, optional)
// param spans: (list, optional)
// param limit: 3000 (int, default)
// returns: p
CALL () {
  UNWIND $values AS v CALL (v) { MATCH (n:Plan {id: v}) RETURN n UNION MATCH (n:Clause {id: v}) RETURN n UNION MATCH (n:Target {id: v}) RETURN n UNION MATCH (n:Agency {id: v}) RETURN n UNION MATCH (n:Region {id: v}) RETURN n UNION MATCH (n:Obligation {id: v}) RETURN n UNION MATCH (n:Indicator {id: v}) RETURN n } RETURN n
  UNION UNWIND $values AS v MATCH (n:Plan {title: v}) RETURN n
  UNION UNWIND $values AS v MATCH (n:Agency {name: v}) RETURN n
  UNION UNWIND $values AS v MATCH (n:Region {name: v}) RETURN n
  UNION UNWIND $values AS v MATCH (n:Indicator) WHERE n.name = v OR n.key = v RETURN n
  UNION UNWIND $clauses AS cp MATCH (n:Clause {path: cp.path})-[:PART_OF]->(:Plan {title: cp.plan}) RETURN n
  UNION UNWIND $spans AS span MATCH (n:Clause|Target)
        WHERE n.source = span.source AND n.start = span.start AND n.end = span.end RETURN n
}
WITH collect(DISTINCT n) AS found
// the edges among them, and each clause's plan and each target's clause so nothing floats alone
CALL (found) {
  UNWIND found AS a MATCH p = (a)-[]->(b) WHERE b IN found RETURN p
  UNION UNWIND found AS a MATCH p = (a:Clause)-[:PART_OF]->(:Plan) RETURN p
  UNION UNWIND found AS a MATCH p = (a:Target)-[:QUANTIFIES]->(:Clause) RETURN p
  UNION UNWIND found AS a MATCH p = (a) RETURN p
}
RETURN p LIMIT $limit
