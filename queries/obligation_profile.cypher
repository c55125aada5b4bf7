// name: obligation_profile
// question: How binding are the obligations of a plan, or of a region's plans? | 一个方案（或一个地区各方案）的责任事项约束力如何？
// description: Obligations counted by LegalRuleML deontic term (obligation, prohibition, our encouragement) and strength (strong, weak; none for an encouragement), per plan, with each count's share of the plan's obligations. A region takes in its sub-regions' plans; give plan, region or both.
// param plan:  (optional)
// param region: 青岛 (optional)
// returns: region, region_code, plan, level, deontic, strength, obligations, share
MATCH (p:Plan)
WHERE p.external = false AND ($plan IS NULL OR p.title = $plan OR p.title CONTAINS $plan)
OPTIONAL MATCH (p)-[:APPLIES_TO]->(r:Region)
WITH p, r
WHERE $region IS NULL OR EXISTS {
  MATCH (r)-[:LOCATED_IN*0..3]->(top:Region)
  WHERE top.code = $region OR top.name = $region OR top.name STARTS WITH $region
}
MATCH (o:Obligation {document: p.id})
WITH p, r, o.deontic AS deontic, o.strength AS strength, count(*) AS obligations
WITH p, r, collect({deontic: deontic, strength: strength, obligations: obligations}) AS counts,
     sum(obligations) AS total
UNWIND counts AS c
RETURN coalesce(r.name, p.region) AS region, r.code AS region_code, p.title AS plan, p.level AS level,
       c.deontic AS deontic, c.strength AS strength, c.obligations AS obligations,
       round(toFloat(c.obligations) / total, 3) AS share
ORDER BY region_code, plan, deontic, strength
