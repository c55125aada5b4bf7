// name: plan_lineage
// question: What does this plan derive from, and which plans derive from it? | 这个方案的上位依据和下位落实方案有哪些？
// description: The derivation tree of a plan, up (its bases) and down (plans implementing it), up to 5 hops, with the method and evidence of each link.
// param plan: 2030年前碳达峰行动方案
// param limit: 500 (int, default)
// param skip: 0 (int, default)
// returns: direction, hops, plan, level, region, external, via, method, score, source, start, end, page
MATCH (root:Plan)
WHERE root.id = $plan OR root.title = $plan OR root.title CONTAINS $plan OR root.doc_number = $plan
// the two directions never share a row: UNION ALL (no de-duplication of paths); each branch
// returns what the rows need of its path, not the path
CALL (root) {
  MATCH chain = (root)-[:DERIVES_FROM*1..5]->(other:Plan)
  RETURN 'up' AS direction, other, length(chain) AS hops, last(relationships(chain)) AS rel,
         nodes(chain)[-2] AS via
  UNION ALL
  MATCH chain = (other:Plan)-[:DERIVES_FROM*1..5]->(root)
  RETURN 'down' AS direction, other, length(chain) AS hops, head(relationships(chain)) AS rel,
         nodes(chain)[1] AS via
}
RETURN direction, hops, other.title AS plan, other.level AS level,
       other.region AS region, coalesce(other.external, false) AS external, via.title AS via,
       rel.method AS method, rel.score AS score, rel.source AS source, rel.start AS start,
       rel.end AS end, rel.page AS page
ORDER BY direction DESC, hops, plan
SKIP $skip LIMIT $limit
