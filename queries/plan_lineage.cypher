// name: plan_lineage
// question: What does this plan derive from, and which plans derive from it? | 这个方案的上位依据和下位落实方案有哪些？
// description: The derivation tree of a plan, up (its bases) and down (plans implementing it), up to 5 hops: each plan once, at its shortest distance, with the link it takes on a shortest chain (via, method and evidence).
// param plan: 2030年前碳达峰行动方案
// param limit: 500 (int, default)
// param skip: 0 (int, default)
// returns: direction, hops, plan, level, region, external, via, method, score, source, start, end, page
MATCH (root:Plan)
WHERE root.id = $plan OR root.title = $plan OR root.title CONTAINS $plan OR root.doc_number = $plan
// every plan reached, once, with its distance: a breadth-first search visits each plan once
// (counting chains instead grows with their number: 54 k chains to 9.7 k plans at 100x)
CALL (root) {
  MATCH chain = (root)-[:DERIVES_FROM*1..5]->(other:Plan)
  WITH other, min(length(chain)) AS hops
  RETURN 'up' AS direction, other, hops
  UNION ALL
  MATCH chain = (root)<-[:DERIVES_FROM*1..5]-(other:Plan)
  WITH other, min(length(chain)) AS hops
  RETURN 'down' AS direction, other, hops
}
WITH root, direction, other, hops
ORDER BY direction DESC, hops, other.title
SKIP $skip LIMIT $limit
// then, for the page only, the link of a shortest chain that touches `other` (the best scored,
// ties to the smallest via id: the same row on every run):
// from `other` going down, into `other` going up; `via` is the plan at its other end
CALL (root, direction, other, hops) {
  WITH * WHERE direction = 'down' AND hops = 1
  MATCH (other)-[rel:DERIVES_FROM]->(root)
  RETURN rel, root AS via ORDER BY rel.score DESC LIMIT 1
  UNION ALL
  WITH * WHERE direction = 'down' AND hops = 2
  MATCH (other)-[rel:DERIVES_FROM]->(via:Plan)-[:DERIVES_FROM]->(root)
  RETURN rel, via ORDER BY rel.score DESC, via.id LIMIT 1
  UNION ALL
  WITH * WHERE direction = 'down' AND hops = 3
  MATCH (other)-[rel:DERIVES_FROM]->(via:Plan)-[:DERIVES_FROM]->{2}(root)
  RETURN rel, via ORDER BY rel.score DESC, via.id LIMIT 1
  UNION ALL
  WITH * WHERE direction = 'down' AND hops = 4
  MATCH (other)-[rel:DERIVES_FROM]->(via:Plan)-[:DERIVES_FROM]->{3}(root)
  RETURN rel, via ORDER BY rel.score DESC, via.id LIMIT 1
  UNION ALL
  WITH * WHERE direction = 'down' AND hops = 5
  MATCH (other)-[rel:DERIVES_FROM]->(via:Plan)-[:DERIVES_FROM]->{4}(root)
  RETURN rel, via ORDER BY rel.score DESC, via.id LIMIT 1
  UNION ALL
  WITH * WHERE direction = 'up' AND hops = 1
  MATCH (root)-[rel:DERIVES_FROM]->(other)
  RETURN rel, root AS via ORDER BY rel.score DESC LIMIT 1
  UNION ALL
  WITH * WHERE direction = 'up' AND hops = 2
  MATCH (root)-[:DERIVES_FROM]->(via:Plan)-[rel:DERIVES_FROM]->(other)
  RETURN rel, via ORDER BY rel.score DESC, via.id LIMIT 1
  UNION ALL
  WITH * WHERE direction = 'up' AND hops = 3
  MATCH (root)-[:DERIVES_FROM]->{2}(via:Plan)-[rel:DERIVES_FROM]->(other)
  RETURN rel, via ORDER BY rel.score DESC, via.id LIMIT 1
  UNION ALL
  WITH * WHERE direction = 'up' AND hops = 4
  MATCH (root)-[:DERIVES_FROM]->{3}(via:Plan)-[rel:DERIVES_FROM]->(other)
  RETURN rel, via ORDER BY rel.score DESC, via.id LIMIT 1
  UNION ALL
  WITH * WHERE direction = 'up' AND hops = 5
  MATCH (root)-[:DERIVES_FROM]->{4}(via:Plan)-[rel:DERIVES_FROM]->(other)
  RETURN rel, via ORDER BY rel.score DESC, via.id LIMIT 1
}
RETURN direction, hops, other.title AS plan, other.level AS level,
       other.region AS region, coalesce(other.external, false) AS external, via.title AS via,
       rel.method AS method, rel.score AS score, rel.source AS source, rel.start AS start,
       rel.end AS end, rel.page AS page
ORDER BY direction DESC, hops, plan
