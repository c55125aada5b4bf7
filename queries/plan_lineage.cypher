// name: plan_lineage
// question: What does this plan derive from, and which plans derive from it? | 这个方案的上位依据和下位落实方案有哪些？
// description: The derivation tree of a plan, up (its bases) and down (plans implementing it), up to 5 hops, with the method and evidence of each link.
// param plan: 2030年前碳达峰行动方案
// returns: direction, hops, plan, level, region, external, via, method, score, source, start, end, page
MATCH (root:Plan)
WHERE root.id = $plan OR root.title = $plan OR root.title CONTAINS $plan OR root.doc_number = $plan
CALL (root) {
  MATCH chain = (root)-[:DERIVES_FROM*1..5]->(other:Plan)
  RETURN 'up' AS direction, chain, other
  UNION
  MATCH chain = (other:Plan)-[:DERIVES_FROM*1..5]->(root)
  RETURN 'down' AS direction, chain, other
}
WITH root, direction, chain, other,
     CASE direction WHEN 'up' THEN last(relationships(chain)) ELSE head(relationships(chain)) END AS rel,
     CASE direction WHEN 'up' THEN nodes(chain)[-2] ELSE nodes(chain)[1] END AS via
RETURN direction, length(chain) AS hops, other.title AS plan, other.level AS level,
       other.region AS region, coalesce(other.external, false) AS external, via.title AS via,
       rel.method AS method, rel.score AS score, rel.source AS source, rel.start AS start,
       rel.end AS end, rel.page AS page
ORDER BY direction DESC, hops, plan
