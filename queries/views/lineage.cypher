// name: lineage
// question: What does this plan derive from, and what derives from it? | 这个方案的上位依据和下位落实方案有哪些？
// description: The lineage page (policykg viz lineage): the best-matching plan (id, title, part of the title or 文号) and its DERIVES_FROM chains up and down (5 hops), its region and issuer. `focus` is the plan's id.
// param plan: 2030年前碳达峰行动方案
// param limit: 1500 (int, default)
// returns: focus, p
MATCH (root:Plan)
WHERE root.id = $plan OR root.title = $plan OR root.title CONTAINS $plan OR root.doc_number = $plan
WITH root ORDER BY CASE WHEN root.id = $plan OR root.title = $plan THEN 0 ELSE 1 END,
     coalesce(root.external, false), size(root.title), root.id LIMIT 1
CALL (root) {
  MATCH p = (root)-[:DERIVES_FROM*1..5]->(:Plan) RETURN p LIMIT $limit
  UNION MATCH p = (:Plan)-[:DERIVES_FROM*1..5]->(root) RETURN p LIMIT $limit
  UNION MATCH p = (root)-[:APPLIES_TO|ISSUED_BY]->() RETURN p
  UNION MATCH p = (root) RETURN p
}
RETURN root.id AS focus, p
